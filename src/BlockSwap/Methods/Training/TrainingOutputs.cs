namespace BlockSwap.Methods.Training;

/// <summary>The files a training run writes into its folder.</summary>
public static class TrainingOutputs
{
    public static readonly string[] Files = [Checkpoint.FileName, Trainer.BestCheckpointName, MetricsFile.FileName, TrainingResult.FileName, "model.pt", "model-ema.pt", "config.json"];
    public const string TensorBoardFolder = "tensorboard";

    /// <summary>Removes an earlier run's outputs (for <c>--overwrite</c>, by the job that owns the folder); other files stay.</summary>
    public static void Remove(string dir)
    {
        foreach (var f in Files) File.Delete(Path.Combine(dir, f));
        var board = Path.Combine(dir, TensorBoardFolder);
        if (Directory.Exists(board)) Directory.Delete(board, recursive: true);
    }
}
