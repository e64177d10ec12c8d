namespace BlockSwap.Outputs.Reporting;

/// <summary>
/// The training curves of one method at one budget: each seed's test error per epoch and their mean. A run of many
/// seeds draws one line and one legend entry per group (65 curves once made a legend of two clipped columns).
/// </summary>
public sealed record CurveGroup(string Method, long Budget, IReadOnlyList<long> Seeds, IReadOnlyList<IReadOnlyList<double>> Curves)
{
    /// <summary>The mean test error per epoch over the seeds, up to the last epoch every seed reached.</summary>
    public IReadOnlyList<double> Mean => Enumerable.Range(0, Curves.Min(c => c.Count)).Select(e => Curves.Average(c => c[e])).ToArray();

    /// <summary>"blockswap 11K seed 3" for one seed, "blockswap 11K: mean of 10 seeds" for several.</summary>
    public string Label => Seeds.Count == 1
        ? $"{Method} {Plots.Count(Budget)} seed {Seeds[0]}"
        : $"{Method} {Plots.Count(Budget)}: mean of {Seeds.Count} seeds";

    /// <summary>The groups of a report in its order (budget, then method as first met); networks without a curve are left out.</summary>
    public static IReadOnlyList<CurveGroup> Of(RunReport report) =>
        report.Budgets.SelectMany(b => b.Rows.Where(r => r.Curve.Count > 0).GroupBy(r => r.Method)
            .Select(g => new CurveGroup(g.Key, b.Budget, g.Select(r => r.Seed).ToArray(), g.Select(r => r.Curve).ToArray()))).ToArray();
}
