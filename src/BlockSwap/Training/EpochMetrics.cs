namespace BlockSwap.Training;

/// <summary>One line of metrics.jsonl.</summary>
public sealed record EpochMetrics(int Epoch, double Lr, double TrainLoss, double TrainError, double TestError, double TestTop5Error,
    double AtLoss, double Seconds, double ImagesPerSecond)
{
    /// <summary>Top-1 error (%) on the images held out of the training split (null without --val-images).</summary>
    public double? ValidationError { get; init; }
}
