namespace BlockSwap.Methods.Training;

/// <summary>How the trainer reports progress; the CLI renders it.</summary>
public interface ITrainingProgress
{
    void EpochStarted(int epoch, int epochs, int steps);
    void Stepped(int step, double loss, double imagesPerSecond);
    void EpochEnded(EpochMetrics metrics);
    /// <summary>A resumed run continues after <paramref name="epochsDone"/> finished epochs and <paramref name="steps"/> steps of the next.</summary>
    void Resumed(int epochsDone, int steps) { }
}
