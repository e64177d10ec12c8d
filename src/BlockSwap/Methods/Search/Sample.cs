using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Search;

/// <summary>The accepted genotypes of a seeded draw stream, in order, and how many draws it took.</summary>
public sealed record Sample(IReadOnlyList<Genotype> Genotypes, long Draws);
