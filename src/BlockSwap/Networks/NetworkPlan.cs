using BlockSwap.Blocks;

namespace BlockSwap.Networks;

/// <summary>
/// An architecture, a genotype and a wrapper policy resolved into one <see cref="BlockPlan"/> per
/// position. Building, counting and exporting a network all start from this.
/// </summary>
public sealed class NetworkPlan
{
    public NetworkPlan(Architecture architecture, Genotype genotype, WrapperPolicy policy = WrapperPolicy.PerBlock)
    {
        if (genotype.Count != architecture.Positions.Count)
            throw new BlockSwapException(
                $"{architecture.Name} has {architecture.Positions.Count} block positions but the genotype lists {genotype.Count} types; give exactly one type per position");
        Architecture = architecture;
        Genotype = genotype;
        Policy = policy;
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

    public Architecture Architecture { get; }
    public Genotype Genotype { get; }
    public WrapperPolicy Policy { get; }
    public IReadOnlyList<BlockPlan> Blocks { get; }

    /// <summary>The whole network as named layers: the one description everything else walks.</summary>
    public NetworkLayout Layout => new(Architecture.InputSize, Architecture.Stem, Blocks.Select(b => b.Spec).ToArray(), Architecture.Head);

    public long Parameters => Layout.Parameters;
    public long Macs => Layout.Macs;

    public static NetworkPlan Uniform(Architecture arch, BlockType type, WrapperPolicy policy = WrapperPolicy.PerBlock) =>
        new(arch, Genotype.Uniform(type, arch), policy);
}
