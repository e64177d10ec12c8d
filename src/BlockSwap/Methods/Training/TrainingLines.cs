namespace BlockSwap.Methods.Training;

/// <summary>A training's progress as lines of text, the same on a terminal and in a log.</summary>
public static class TrainingLines
{
    /// <summary>One finished epoch, with the time since the epoch <paramref name="first"/> began and the ETA.</summary>
    public static string Epoch(EpochMetrics m, int epochs, int first, TimeSpan elapsed)
    {
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / (m.Epoch - first) * (epochs - m.Epoch));
        return $"epoch {m.Epoch,4}/{epochs}  [{elapsed:hh\\:mm\\:ss}, ETA {eta:hh\\:mm\\:ss}]  lr {Numbers.Compact(m.Lr)}  train loss {m.TrainLoss:F4}  train err {m.TrainError:F2}%" + (m.ValidationError is { } v ? $"  val err {v:F2}%" : "") + $"  test err {m.TestError:F2}% (top-5 {m.TestTop5Error:F2}%)" +
            (m.AtLoss > 0 ? $"  AT {Numbers.Compact(m.AtLoss)}" : "") + $"  {m.Seconds:F1} s  {m.ImagesPerSecond:F0} img/s";
    }

    /// <summary>Where a resumed training continues.</summary>
    public static string Resumed(int epochsDone, int steps) =>
        $"resumed from the checkpoint after {(epochsDone == 0 ? "no finished epoch" : $"epoch {epochsDone}")}" + (steps > 0 ? $" and {Plural.Of(steps, "step")} of epoch {epochsDone + 1}" : "");
}
