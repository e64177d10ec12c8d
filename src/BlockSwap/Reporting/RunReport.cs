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
    IReadOnlyList<double> ProxyScores, double? WinnerScore);

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
