using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Outputs.Reporting;

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
    /// <summary>The latency at batch 1 and 32 with 95 % intervals, measured interleaved with the report's other networks.</summary>
    public BlockSwap.Methods.Latency.NetworkLatency? Latency { get; init; }
    public required string Folder { get; init; }
    /// <summary>How the training's arithmetic was made (<see cref="BlockSwap.Foundation.Runtime.Provenance.Arithmetic"/>); null for a given teacher or a result written before release 0.10.</summary>
    public string? MadeOn { get; init; }
}

public sealed record BudgetReport(long Budget, double Lower, double Upper, IReadOnlyList<ReportRow> Rows, string? MoonshineType,
    IReadOnlyList<double> ProxyScores, double? WinnerScore)
{
    /// <summary>Where the BlockSwap pick, the Moonshine network and the teacher sit against the first seed's search front.</summary>
    public IReadOnlyList<FrontPlacement> Front { get; init; } = [];

    /// <summary>Mean and standard deviation of the test error per method over seeds, with the 95 % t-interval of the mean; mean size and latency.</summary>
    public IReadOnlyList<MethodSummary> Methods => Rows.GroupBy(r => r.Method).Select(g =>
    {
        var errors = g.Select(r => r.Top1Error).ToArray();
        double mean = Paired.Mean(errors), sd = Paired.StandardDeviation(errors);
        double half = errors.Length < 2 ? double.NaN : Paired.StudentT975(errors.Length - 1) * sd / Math.Sqrt(errors.Length);
        var timed = g.Where(r => r.Latency is not null).ToArray();
        return new MethodSummary(g.Key, errors.Length, mean, sd, g.Average(r => (double)r.Params))
        {
            // A t-interval is unbounded; an error rate is not (two seeds near chance once drew a bar past 100 %).
            MeanInterval = new Estimate(mean, Math.Max(0, mean - half), Math.Min(100, mean + half)),
            MeanMacs = g.Average(r => (double)r.Macs),
            LatencyMs = timed.Length == 0 ? null : LogRatio.GeometricMean(timed.Select(r => r.Latency!.Batch1.MedianMs).ToArray()).Value,
            LatencyLargeMs = timed.Length == 0 ? null : LogRatio.GeometricMean(timed.Select(r => r.Latency!.BatchLarge.MedianMs).ToArray()).Value,
        };
    }).ToArray();
}

/// <summary>
/// A network placed against a search's candidates in (proxy score at initialisation, parameters, MACs, predicted latency):
/// how many candidates dominate it (0: it would lie on the front), and the best-scoring of them.
/// </summary>
public sealed record FrontPlacement(string Method, string Genotype, double Score, long Params, long Macs, double? PredictedLatencyMs,
    int FrontSize, int DominatedBy, int? DominatedByIndex);

/// <summary>One method's test error over seeds at one budget.</summary>
public sealed record MethodSummary(string Method, int Seeds, double MeanError, double StdError, double MeanParams)
{
    /// <summary>The mean error with its 95 % t-interval over seeds, cut to 0–100 % (NaN bounds for one seed).</summary>
    public Estimate MeanInterval { get; init; } = new(MeanError, double.NaN, double.NaN);
    public double MeanMacs { get; init; }
    /// <summary>Geometric mean over the method's networks of their median latency at batch 1 and 32 (ms).</summary>
    public double? LatencyMs { get; init; }
    public double? LatencyLargeMs { get; init; }
}

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
    /// <summary>How busy the rest of the machine was while latency was timed (null where the system does not say).</summary>
    public BlockSwap.Foundation.Runtime.MachineLoad? LatencyLoad { get; init; }
    /// <summary>The paired comparison of the methods (null in reports written before release 0.10).</summary>
    public RunAnalysis? Analysis { get; init; }
}
