using BlockSwap.Blocks;
using BlockSwap.Networks;
using BlockSwap.Runtime;

namespace BlockSwap.Search;

/// <summary>
/// Rejection sampler (docs/method.md, "Search"): each position drawn uniformly with replacement from the sampled types
/// (those valid at that position), accepted when the per-block-wrapper count lies strictly inside the window.
/// Counts come from a precomputed position × type table, so a draw costs only additions.
/// </summary>
public sealed class CandidateSampler
{
    private readonly BlockType[][] pool;
    private readonly long[][] counts;

    public CandidateSampler(Architecture architecture, IReadOnlyList<BlockType>? types = null)
    {
        Architecture = architecture;
        types ??= BlockCatalogue.Sampled;
        // Counts use each type's own wrapper: the per-block policy's exact size (docs/method.md, "Search").
        pool = architecture.Positions.Select(p => types.Where(t => new BlockPlan(p, t, t.Wrapper).Invalidity() is null).ToArray()).ToArray();
        counts = architecture.Positions.Select(p => pool[p.Index].Select(t => new BlockPlan(p, t, t.Wrapper).Parameters).ToArray()).ToArray();
        MinParameters = architecture.OutsideParameters + counts.Sum(c => c.Min());
        MaxParameters = architecture.OutsideParameters + counts.Sum(c => c.Max());
    }

    public Architecture Architecture { get; }
    /// <summary>Smallest and largest count any genotype of the pool can have.</summary>
    public long MinParameters { get; }
    public long MaxParameters { get; }

    /// <summary>
    /// The first <paramref name="samples"/> accepted genotypes of the seeded draw stream, with the number of draws
    /// it took. Throws a clear error when the window is unreachable or fewer than <paramref name="samples"/> fit
    /// within <paramref name="maxDraws"/>.
    /// </summary>
    public Sample Sample(BudgetWindow window, int samples, long seed, long maxDraws = 200_000_000)
    {
        if (samples < 1) throw new BlockSwapException($"{samples} samples is invalid: ask for at least 1 candidate");
        if (window.Window <= 0 || window.Window >= 1) throw new BlockSwapException($"window {window.Window} is invalid: use a fraction of the budget such as 0.025");
        if (window.Upper <= MinParameters || window.Lower >= MaxParameters)
            throw new BlockSwapException(
                $"budget {window.Budget:N0} is unreachable on {Architecture.Name}: its window {window} lies outside the possible counts {MinParameters:N0}..{MaxParameters:N0}; choose a budget in that range");
        var rng = Seeds.Rng(seed, "sample");
        var accepted = new List<Genotype>(samples);
        int n = pool.Length;
        var choice = new int[n];
        long outside = Architecture.OutsideParameters;
        long draws = 0;
        while (accepted.Count < samples)
        {
            if (++draws > maxDraws)
                throw new BlockSwapException(
                    $"only {accepted.Count} of {samples} candidates fit the window {window} after {maxDraws:N0} draws (acceptance {(double)accepted.Count / maxDraws:P4}); budgets between {MinParameters:N0} and {MaxParameters:N0} are reachable, those near the middle fill fastest; use another budget, a wider window or fewer samples");
            long total = outside;
            for (int i = 0; i < n; i++)
            {
                choice[i] = rng.Next(pool[i].Length);
                total += counts[i][choice[i]];
            }
            if (window.Contains(total))
                accepted.Add(new Genotype(choice.Select((c, i) => pool[i][c])));
        }
        return new Sample(accepted, draws);
    }
}

/// <summary>The accepted genotypes of a seeded draw stream, in order, and how many draws it took.</summary>
public sealed record Sample(IReadOnlyList<Genotype> Genotypes, long Draws);
