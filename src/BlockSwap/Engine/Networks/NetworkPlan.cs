using BlockSwap.Description.Blocks;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// A <see cref="NetworkSpec"/> resolved into one <see cref="BlockPlan"/> per position and validated. Building,
/// counting and exporting a network all start from this; only <see cref="NetworkSpec.ToPlan"/> makes one.
/// </summary>
public sealed class NetworkPlan
{
    internal NetworkPlan(NetworkSpec spec)
    {
        Spec = spec;
        var (architecture, genotype, policy) = (spec.Architecture, spec.Genotype, spec.Policy);
        if (genotype.Count != architecture.Positions.Count)
            throw new BlockSwapException(
                $"{architecture.Name} has {architecture.Positions.Count} block positions but the genotype lists {genotype.Count} types; give exactly one type per position");
        var blocks = new BlockPlan[genotype.Count];
        WrapperKind groupWrapper = WrapperKind.Basic;
        foreach (var pos in architecture.Positions)
        {
            var type = genotype[pos.Index];
            if (pos.Index == 0 || architecture.Positions[pos.Index - 1].Group != pos.Group)
                groupWrapper = type.Wrapper;
            var wrapper = policy == WrapperPolicy.GroupFirst ? groupWrapper : type.Wrapper;
            blocks[pos.Index] = new BlockPlan(pos, type, wrapper);
            if (blocks[pos.Index].Invalidity() is { } why)
                throw new BlockSwapException($"{why}; choose another type for that position");
        }
        Blocks = blocks;
    }

    public NetworkSpec Spec { get; }
    public Architecture Architecture => Spec.Architecture;
    public Genotype Genotype => Spec.Genotype;
    public WrapperPolicy Policy => Spec.Policy;
    public IReadOnlyList<BlockPlan> Blocks { get; }

    /// <summary>The whole network as named layers: the one description everything else walks.</summary>
    public NetworkLayout Layout => new(Architecture.InputSize, Architecture.Stem, Blocks.Select(b => b.Spec).ToArray(), Architecture.Head);

    public long Parameters => Layout.Parameters;
    public long Macs => Layout.Macs;

    public static NetworkPlan Uniform(Architecture arch, BlockType type, WrapperPolicy policy = WrapperPolicy.PerBlock) =>
        NetworkSpec.Uniform(arch, type, policy).ToPlan();
}
