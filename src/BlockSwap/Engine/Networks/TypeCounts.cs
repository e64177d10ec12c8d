using BlockSwap.Description.Blocks;

namespace BlockSwap.Engine.Networks;

/// <summary>A <see cref="TypeCounts"/> as <c>blockswap blocks --json</c> lists it: names, and parameters keyed by "in-out" position.</summary>
public sealed record CatalogueEntry(string Name, string Family, string Wrapper, string Grouping, bool Sampled, IReadOnlyDictionary<string, long?> Params, long? Uniform);

/// <summary>
/// A block type's parameters at each distinct (in, out) position of an architecture (null where the type does not fit),
/// and the total of its uniform (Moonshine) network where it fits every position: the catalogue as <c>blockswap blocks</c> lists it.
/// </summary>
public sealed record TypeCounts(BlockType Type, IReadOnlyList<(BlockPosition Position, long? Params)> AtPositions, long? Uniform)
{
    /// <summary>One representative position per distinct (in, out) pair, in network order.</summary>
    public static IReadOnlyList<BlockPosition> DistinctPositions(Architecture architecture) =>
        architecture.Positions.GroupBy(p => (p.In, p.Out)).Select(g => g.First()).ToArray();

    /// <summary>Every catalogue type's counts on <paramref name="architecture"/>, in catalogue order.</summary>
    public static IReadOnlyList<TypeCounts> Of(Architecture architecture)
    {
        var positions = DistinctPositions(architecture);
        return BlockCatalogue.All.Select(type =>
        {
            var plan = architecture.Positions.All(q => type.IsValid(q.In, q.Out)) ? NetworkPlan.Uniform(architecture, type) : null;
            var at = positions.Select(r => (r, plan is not null ? plan.Blocks[r.Index].Parameters
                : type.IsValid(r.In, r.Out) ? new BlockPlan(r, type, type.Wrapper).Parameters : (long?)null)).ToArray();
            return new TypeCounts(type, at, plan?.Parameters);
        }).ToArray();
    }

    public CatalogueEntry Entry() => new(Type.Name, Type.Family.ToString(), Type.Wrapper.ToString(), Type.Spatial.ToString(), Type.Sampled,
        AtPositions.ToDictionary(x => $"{x.Position.In}-{x.Position.Out}", x => x.Params), Uniform);
}
