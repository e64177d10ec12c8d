using BlockSwap.Foundation.Statistics;
using BlockSwap.Methods.Latency;

namespace BlockSwap.Outputs.Reporting;

/// <summary>A method against a baseline at one budget, paired by seed (differences in points of test error; negative: the method is better).</summary>
public sealed record BaselineComparison(long Budget, string Method, string Baseline, PairedComparison Comparison, double AdjustedP, Verdict Verdict, string Words);

/// <summary>
/// A method's latency over a baseline's at one budget: the geometric mean over seeds of the per-seed ratios, with a
/// 95 % interval that holds both the spread across seeds and the timing noise of each network (<see cref="RoundRatio"/>).
/// </summary>
public sealed record LatencyRatio(long Budget, string Method, string Baseline, int Seeds, Estimate Batch1, Estimate BatchLarge);

/// <summary>A seed both methods have whose two trainings ran on different setups (thread count, CPU, libtorch): left out of the pairs.</summary>
public sealed record UnlikePair(long Budget, string Method, string Baseline, long Seed, string MethodMadeOn, string BaselineMadeOn);

/// <summary>
/// The comparison a run reports (docs/statistics.md, "Comparing methods"): per budget the BlockSwap pick against
/// Moonshine, paired by seed, with Holm's correction over the budgets and a verdict against the equivalence margin;
/// the pooled estimate over budgets; the pick and Moonshine against the random baseline on the seeds it has
/// (unadjusted, secondary); and the pick's latency over Moonshine's.
/// </summary>
public sealed record RunAnalysis
{
    public const string Method = "blockswap";
    public const string Primary = "moonshine";
    public const string Random = "random";

    /// <summary>The equivalence margin in points of test error.</summary>
    public double Margin { get; init; }
    public required IReadOnlyList<BaselineComparison> PickVersusMoonshine { get; init; }
    /// <summary>The mean over budgets of the per-budget differences (null with no budget of 2 or more pairs).</summary>
    public PooledDifference? Pooled { get; init; }
    public Verdict? PooledVerdict { get; init; }
    public string? PooledWords { get; init; }
    public required IReadOnlyList<BaselineComparison> VersusRandom { get; init; }
    public required IReadOnlyList<LatencyRatio> LatencyRatios { get; init; }
    /// <summary>Seeds left out of the error comparisons because their two trainings ran on different setups.</summary>
    public IReadOnlyList<UnlikePair> LeftOut { get; init; } = [];

    public static RunAnalysis Of(IReadOnlyList<BudgetReport> budgets, double margin)
    {
        var primary = budgets.Select(b => (b.Budget, C: Compare(b, Method, Primary))).Where(x => x.C is not null).Select(x => (x.Budget, C: x.C!)).ToArray();
        var adjusted = Significance.Holm(primary.Select(p => p.C.TTestP).ToArray());
        var verdicts = primary.Select((p, i) => Judge(p.Budget, Method, Primary, p.C, adjusted[i], margin)).ToArray();
        var secondary = new List<BaselineComparison>();
        foreach (var b in budgets)
            foreach (var method in new[] { Method, Primary })
                if (Compare(b, method, Random) is { } c)
                    secondary.Add(Judge(b.Budget, method, Random, c, c.TTestP, margin));
        var pooled = primary.Length == 0 ? null : PooledDifference.Of(primary.Select(p => p.C).ToArray());
        Verdict? pooledVerdict = pooled is null || double.IsNaN(pooled.P) ? null : Verdicts.Of(pooled.Mean, pooled.Interval, pooled.P, margin);
        return new RunAnalysis
        {
            Margin = margin, PickVersusMoonshine = verdicts, Pooled = pooled, PooledVerdict = pooledVerdict,
            PooledWords = pooledVerdict is { } v ? Verdicts.Describe(v, pooled!.Interval, margin) : null,
            VersusRandom = secondary, LatencyRatios = budgets.Select(b => Ratio(b, Method, Primary)).OfType<LatencyRatio>().ToArray(),
            LeftOut = budgets.SelectMany(b => new[] { (Method, Primary), (Method, Random), (Primary, Random) }.SelectMany(m =>
                Pairs(b, m.Item1, m.Item2).Where(p => !Alike(p.A, p.B))
                    .Select(p => new UnlikePair(b.Budget, m.Item1, m.Item2, p.A.Seed, p.A.MadeOn!, p.B.MadeOn!)))).ToArray(),
        };
    }

    private static BaselineComparison Judge(long budget, string method, string baseline, PairedComparison c, double p, double margin)
    {
        var v = c.Pairs < 2 ? Verdict.CannotTell : Verdicts.Of(c.Mean, c.Interval, p, margin);
        return new BaselineComparison(budget, method, baseline, c, p, v, c.Pairs < 2 ? "one seed: no interval" : Verdicts.Describe(v, c.Interval, margin));
    }

    /// <summary>The seeds both methods have at this budget, paired.</summary>
    private static (ReportRow A, ReportRow B)[] Pairs(BudgetReport b, string method, string baseline) =>
        b.Rows.Where(r => r.Method == method).Join(b.Rows.Where(r => r.Method == baseline), r => r.Seed, r => r.Seed, (x, y) => (x, y)).OrderBy(p => p.x.Seed).ToArray();

    /// <summary>
    /// Whether two trainings' errors may be paired: made on one setup, since another thread count or CPU rounds
    /// differently (a row that does not say how it was made is taken as made alike).
    /// </summary>
    private static bool Alike(ReportRow a, ReportRow b) => a.MadeOn is null || b.MadeOn is null || a.MadeOn == b.MadeOn;

    private static PairedComparison? Compare(BudgetReport b, string method, string baseline)
    {
        var pairs = Pairs(b, method, baseline).Where(p => Alike(p.A, p.B)).ToArray();
        return pairs.Length == 0 ? null : PairedComparison.Of(pairs.Select(p => p.A.Top1Error).ToArray(), pairs.Select(p => p.B.Top1Error).ToArray());
    }

    private static LatencyRatio? Ratio(BudgetReport b, string method, string baseline)
    {
        var pairs = Pairs(b, method, baseline).Where(p => p.A.Latency is not null && p.B.Latency is not null).ToArray();
        if (pairs.Length == 0) return null;
        Estimate Of(Func<NetworkLatency, LatencyEstimate> batch) =>
            RoundRatio.GeometricMean(pairs.Select(p => (batch(p.A.Latency!).RoundMs, batch(p.B.Latency!).RoundMs)).ToArray(), seed: b.Budget);
        return new LatencyRatio(b.Budget, method, baseline, pairs.Length, Of(l => l.Batch1), Of(l => l.BatchLarge));
    }
}
