using BlockSwap.Statistics;

namespace BlockSwap.Reporting;

/// <summary>One trained network in the report.</summary>
public sealed record ReportRow
{
    public required string Method { get; init; }
    public long Seed { get; init; }
    public required string Genotype { get; init; }
    /// <summary>E.g. the Moonshine type or "synthetic".</summary>
    public string? Note { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    /// <summary>Teacher params / these params.</summary>
    public double Compression { get; init; }
    public double Top1Error { get; init; }
    public double Top5Error { get; init; }
    public double? SearchSeconds { get; init; }
    public double? TrainSeconds { get; init; }
    /// <summary>Test error after each epoch (training curve).</summary>
    public IReadOnlyList<double> Curve { get; init; } = [];
    /// <summary>Median ONNX Runtime inference latency, batch 1, one thread (ms).</summary>
    public double? LatencyMs { get; init; }
    public required string Folder { get; init; }
}

public sealed record BudgetReport(long Budget, double Lower, double Upper, IReadOnlyList<ReportRow> Rows, string? MoonshineType,
    IReadOnlyList<double> ProxyScores, double? WinnerScore)
{
    /// <summary>Where the BlockSwap pick, the Moonshine network and the teacher sit against the first seed's search front.</summary>
    public IReadOnlyList<FrontPlacement> Front { get; init; } = [];

    /// <summary>Mean and standard deviation of the test error per method, over seeds.</summary>
    public IReadOnlyList<MethodSummary> Methods => Rows.GroupBy(r => r.Method).Select(g =>
    {
        var errors = g.Select(r => r.Top1Error).ToArray();
        return new MethodSummary(g.Key, errors.Length, Paired.Mean(errors), Paired.StandardDeviation(errors), g.Average(r => (double)r.Params));
    }).ToArray();

    /// <summary>BlockSwap minus each baseline, paired by seed, with a 95 % t-interval over seeds.</summary>
    public IReadOnlyList<MethodDifference> Differences => Rows.Select(r => r.Method).Distinct().Where(m => m != "blockswap").Select(m =>
    {
        var pairs = Rows.Where(r => r.Method == "blockswap").Join(Rows.Where(r => r.Method == m), a => a.Seed, b => b.Seed, (a, b) => (a.Top1Error, b.Top1Error)).ToArray();
        return new MethodDifference("blockswap", m, pairs.Length, Paired.Difference(pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray()));
    }).Where(d => d.Seeds > 0).ToArray();
}

/// <summary>
/// A network placed against a search's candidates in (proxy score at initialisation, parameters, MACs, predicted latency):
/// how many candidates dominate it (0: it would lie on the front), and the best-scoring of them.
/// </summary>
public sealed record FrontPlacement(string Method, string Genotype, double Score, long Params, long Macs, double? PredictedLatencyMs,
    int FrontSize, int DominatedBy, int? DominatedByIndex);

/// <summary>One method's test error over seeds at one budget.</summary>
public sealed record MethodSummary(string Method, int Seeds, double MeanError, double StdError, double MeanParams);

/// <summary>The test-error difference of two methods paired by seed (negative: the first is better).</summary>
public sealed record MethodDifference(string Method, string Baseline, int Seeds, Estimate Difference);

/// <summary>report.json: the whole comparison.</summary>
public sealed record RunReport
{
    public required string Architecture { get; init; }
    public required string Dataset { get; init; }
    public bool SyntheticData { get; init; }
    public int TrainImages { get; init; }
    public int TestImages { get; init; }
    public required string Recipe { get; init; }
    public required string Proxy { get; init; }
    public int Samples { get; init; }
    public required ReportRow Teacher { get; init; }
    public required IReadOnlyList<BudgetReport> Budgets { get; init; }
    public required string Device { get; init; }
}
