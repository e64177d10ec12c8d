namespace BlockSwap.Methods.Training;

/// <summary>One line of metrics.jsonl.</summary>
public sealed record EpochMetrics(int Epoch, double Lr, double TrainLoss, double TrainError, double TestError, double TestTop5Error,
    double AtLoss, double Seconds, double ImagesPerSecond)
{
    /// <summary>Top-1 error (%) on the images held out of the training split (null without --val-images).</summary>
    public double? ValidationError { get; init; }
}

/// <summary>metrics.jsonl: one <see cref="EpochMetrics"/> per finished epoch, rewritten atomically after each.</summary>
public static class MetricsFile
{
    public const string FileName = "metrics.jsonl";

    /// <summary>The epochs recorded in a run folder (none when it has no metrics.jsonl).</summary>
    public static IReadOnlyList<EpochMetrics> Load(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return [];
        return File.ReadLines(path).Where(l => l.Length > 0)
            .Select(l => System.Text.Json.JsonSerializer.Deserialize<EpochMetrics>(l, BlockSwap.Foundation.IO.JsonFormats.Compact)
                         ?? throw new BlockSwapException($"{path} holds an empty line; train that run again"))
            .ToArray();
    }

    public static void Write(string dir, IEnumerable<EpochMetrics> metrics) =>
        BlockSwap.Foundation.IO.AtomicFile.WriteAllText(Path.Combine(dir, FileName),
            string.Concat(metrics.Select(x => System.Text.Json.JsonSerializer.Serialize(x, BlockSwap.Foundation.IO.JsonFormats.Compact) + "\n")));
}

