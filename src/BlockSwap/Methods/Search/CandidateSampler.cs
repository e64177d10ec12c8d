using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;

namespace BlockSwap.Methods.Search;

/// <summary>
/// Rejection sampler (docs/method.md, "Search"): each position drawn uniformly with replacement from the sampled types
/// (those valid at that position), accepted when the per-block-wrapper count lies strictly inside the window and,
/// with a MAC limit, the network's multiply-accumulates are at most the limit. Counts and per-block MACs come from
/// precomputed position × type tables, so a draw costs only additions (under the group-first policy the MACs of a
/// draw that passed the window are those of its plan).
/// </summary>
public sealed class CandidateSampler
{
    private readonly BlockType[][] pool;
    private readonly long[][] counts;
    private readonly long[][] macs;

    public CandidateSampler(Architecture architecture, IReadOnlyList<BlockType>? types = null)
    {
        Architecture = architecture;
        types ??= BlockCatalogue.Sampled;
        // Counts use each type's own wrapper: the per-block policy's exact size (docs/method.md, "Search").
        pool = architecture.Positions.Select(p => types.Where(t => new BlockPlan(p, t, t.Wrapper).Invalidity() is null).ToArray()).ToArray();
        counts = architecture.Positions.Select(p => pool[p.Index].Select(t => new BlockPlan(p, t, t.Wrapper).Parameters).ToArray()).ToArray();
        macs = architecture.Positions.Select(p => pool[p.Index].Select(t => new BlockPlan(p, t, t.Wrapper).Macs).ToArray()).ToArray();
        MinParameters = architecture.OutsideParameters + counts.Sum(c => c.Min());
        MaxParameters = architecture.OutsideParameters + counts.Sum(c => c.Max());
        MinMacs = architecture.OutsideMacs + macs.Sum(m => m.Min());
    }

    public Architecture Architecture { get; }
    /// <summary>Smallest and largest count any genotype of the pool can have.</summary>
    public long MinParameters { get; }
    public long MaxParameters { get; }
    /// <summary>The fewest multiply-accumulates any genotype of the pool has (per-block wrappers).</summary>
    public long MinMacs { get; }

    /// <summary>The first <paramref name="samples"/> genotypes inside the budget window (see the overload with limits).</summary>
    public Sample Sample(BudgetWindow window, int samples, long seed, long maxDraws = 200_000_000) =>
        Sample(new SearchLimits(window), samples, seed, WrapperPolicy.PerBlock, maxDraws);

    /// <summary>
    /// The first <paramref name="samples"/> genotypes of the seeded draw stream that meet <paramref name="limits"/>,
    /// with the number of draws it took. The draw stream depends only on the seed, so adding a limit keeps the
    /// candidates that already met the others. Throws a clear error when a limit is unreachable or fewer than
    /// <paramref name="samples"/> fit within <paramref name="maxDraws"/>.
    /// </summary>
    public Sample Sample(SearchLimits limits, int samples, long seed, WrapperPolicy policy, long maxDraws = 200_000_000) =>
        Sample(limits, samples, seed, policy, latency: null, maxDraws);

    /// <summary>
    /// Refuses limits no network of this architecture can meet (a window outside the possible counts, a MAC or latency
    /// limit below the smallest network's), before anything is sampled: <c>run</c> checks every budget this way before
    /// training the first one. Returns the latency table's per-position times when a latency limit needs them.
    /// </summary>
    public double[][]? CheckReachable(SearchLimits limits, Latency.LatencyTable? latency)
    {
        if (limits.BudgetWindow is { } window)
        {
            if (window.Window <= 0 || window.Window >= 1) throw new BlockSwapException($"window {window.Window} is invalid: use a fraction of the budget such as 0.025");
            if (window.Upper <= MinParameters || window.Lower >= MaxParameters)
                throw new BlockSwapException(
                    $"budget {window.Budget:N0} is unreachable on {Architecture.Name}: its window {window} lies outside the possible counts {MinParameters:N0}..{MaxParameters:N0}; choose a budget in that range");
        }
        if (limits.MaxMacs is { } maxMacs && maxMacs < MinMacs)
            throw new BlockSwapException(
                $"MAC limit {maxMacs:N0} is unreachable on {Architecture.Name}: the smallest network the search can draw has {MinMacs:N0} MACs; raise the MAC limit");
        var ms = LatencyTable(limits, latency);
        if (limits.MaxLatencyMs is { } maxMs)
        {
            double fastest = latency!.OverheadMs + latency.StemMs + latency.HeadMs + ms!.Sum(m => m.Min());
            if (maxMs < fastest)
                throw new BlockSwapException(
                    $"latency limit {maxMs:G4} ms is unreachable on {Architecture.Name}: the fastest network the search can draw is predicted at {fastest:0.###} ms ({latency.Setup}, this machine); raise the latency limit");
        }
        return ms;
    }

    /// <summary>
    /// Samples candidates meeting every limit (after <see cref="CheckReachable"/>); a latency limit is checked against <paramref name="latency"/>'s prediction, only for draws that met
    /// the parameter and MAC limits (the cheaper checks come first).
    /// </summary>
    public Sample Sample(SearchLimits limits, int samples, long seed, WrapperPolicy policy, Latency.LatencyTable? latency, long maxDraws = 200_000_000)
    {
        if (samples < 1) throw new BlockSwapException($"{samples} samples is invalid: ask for at least 1 candidate");
        var ms = CheckReachable(limits, latency);
        var rng = Seeds.Rng(seed, "sample");
        var accepted = new List<Genotype>(samples);
        int n = pool.Length;
        var choice = new int[n];
        long draws = 0;
        while (accepted.Count < samples)
        {
            if (++draws > maxDraws)
                throw new BlockSwapException(
                    $"only {accepted.Count} of {samples} candidates meet {limits} after {maxDraws:N0} draws (acceptance {(double)accepted.Count / maxDraws:P4}); budgets between {MinParameters:N0} and {MaxParameters:N0} are reachable, those near the middle fill fastest; use another budget, a wider window, a higher MAC or latency limit, or fewer samples");
            for (int i = 0; i < n; i++) choice[i] = rng.Next(pool[i].Length);
            if (Accepts(choice, limits, policy, latency, ms)) accepted.Add(new Genotype(choice.Select((c, i) => pool[i][c])));
        }
        return new Sample(accepted, draws);
    }

    /// <summary>The types a position may take (those valid there), in catalogue order.</summary>
    public IReadOnlyList<BlockType> TypesAt(int position) => pool[position];

    /// <summary>Whether <paramref name="genotype"/> meets <paramref name="limits"/> by the sampler's own rules (as a draw would be judged).</summary>
    public bool Meets(Genotype genotype, SearchLimits limits, WrapperPolicy policy, Latency.LatencyTable? latency = null)
    {
        if (genotype.Count != pool.Length) return false;
        var choice = new int[pool.Length];
        for (int i = 0; i < pool.Length; i++)
        {
            choice[i] = Array.IndexOf(pool[i], genotype[i]);
            if (choice[i] < 0) return false;
        }
        // Evolution asks up to a thousand times per child: the per-type latency table is built once per table and limit.
        if (latencyCache.Key != (limits.MaxLatencyMs, latency)) latencyCache = ((limits.MaxLatencyMs, latency), LatencyTable(limits, latency));
        return Accepts(choice, limits, policy, latency, latencyCache.Ms);
    }

    private ((double? Limit, Latency.LatencyTable? Table) Key, double[][]? Ms) latencyCache = ((null, null), null);

    /// <summary>Predicted latency per position and pool type, when a latency limit applies.</summary>
    private double[][]? LatencyTable(SearchLimits limits, Latency.LatencyTable? latency)
    {
        if (limits.MaxLatencyMs is null) return null;
        if (latency is null) throw new ArgumentException("a latency limit needs a latency table", nameof(latency));
        if (!latency.Architecture.Equals(Architecture)) throw new ArgumentException($"the latency table is for {latency.Architecture.Name}, not {Architecture.Name}", nameof(latency));
        return Architecture.Positions.Select(p => pool[p.Index].Select(t => latency.Block(new BlockPlan(p, t, t.Wrapper))).ToArray()).ToArray();
    }

    /// <summary>The acceptance test of a draw (pool indices per position): window, then MACs, then predicted latency.</summary>
    private bool Accepts(int[] choice, SearchLimits limits, WrapperPolicy policy, Latency.LatencyTable? latency, double[][]? ms)
    {
        long total = Architecture.OutsideParameters, work = Architecture.OutsideMacs;
        for (int i = 0; i < choice.Length; i++)
        {
            total += counts[i][choice[i]];
            work += macs[i][choice[i]];
        }
        if (limits.BudgetWindow is { } w && !w.Contains(total)) return false;
        if (limits.MaxMacs is { } max)
        {
            if (policy == WrapperPolicy.GroupFirst)
                work = new NetworkSpec(Architecture, new Genotype(choice.Select((c, i) => pool[i][c])), policy).ToPlan().Macs;
            if (work > max) return false;
        }
        if (limits.MaxLatencyMs is { } maxLatency)
        {
            double predicted = policy == WrapperPolicy.GroupFirst
                ? latency!.Predict(new NetworkSpec(Architecture, new Genotype(choice.Select((c, i) => pool[i][c])), policy).ToPlan())
                : latency!.OverheadMs + latency.StemMs + latency.HeadMs + choice.Select((c, i) => ms![i][c]).Sum();
            if (predicted > maxLatency) return false;
        }
        return true;
    }
}
