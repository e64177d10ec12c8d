namespace BlockSwap.Engine.Networks;

/// <summary>One block's place and size in a <see cref="PlanCount"/>.</summary>
public sealed record BlockCount(int Index, string Type, string Wrapper, int In, int Out, int Stride, long Params, long Macs);

/// <summary>A network's exact parameters and MACs, per block and in total, counted without building it (<c>blockswap count</c>).</summary>
public sealed record PlanCount(NetworkSpec Network, long Params, long Macs, long OutsideParams, IReadOnlyList<BlockCount> Blocks)
{
    public static PlanCount Of(NetworkPlan plan) => new(plan.Spec, plan.Parameters, plan.Macs, plan.Architecture.OutsideParameters,
        plan.Blocks.Select(b => new BlockCount(b.Position.Index, b.Type.Name, b.Wrapper.ToString(), b.In, b.Out, b.Position.Stride, b.Parameters, b.Macs)).ToArray());
}
