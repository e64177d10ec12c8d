using BlockSwap.Foundation.IO;

namespace BlockSwap.Methods.Search;

/// <summary>How <see cref="Refinement"/> trains a search's best candidates; saved as <c>refine/refine.json</c>, so a resume with other options is refused.</summary>
public sealed record RefineSettings
{
    public const string FileName = "refine.json";
    public const int DefaultValidationImages = 5000;

    /// <summary>Candidates entering the first rung (the best by the zero-cost score).</summary>
    public required int Top { get; init; }
    /// <summary>Epochs each rung adds to every survivor.</summary>
    public int Epochs { get; init; } = 1;
    /// <summary>Images held out of the training split to rank the candidates by (at most a fifth of the split).</summary>
    public int ValidationImages { get; init; } = DefaultValidationImages;
    /// <summary>At most this many of the remaining training images per epoch (null: all).</summary>
    public int? TrainImages { get; init; }
    public int BatchSize { get; init; } = 128;
    public long Seed { get; init; } = 1;
    /// <summary>The training and validation images (set by <see cref="Refinement"/> from the split it makes).</summary>
    public Data.DataFingerprint? Data { get; init; }

    /// <summary>The validation split's size for a training split of <paramref name="trainCount"/> images.</summary>
    public int ValidationImagesFor(int trainCount) => Math.Max(1, Math.Min(ValidationImages, trainCount / 5));

    public void Validate()
    {
        if (Top < 2) throw new BlockSwapException($"--refine {Top} is invalid: refine at least the 2 best candidates (successive halving needs two to compare)");
        if (Epochs < 1) throw new BlockSwapException($"--refine-epochs {Epochs} is invalid: train at least 1 epoch per rung");
        if (ValidationImages < 1) throw new BlockSwapException($"--refine-val-images {ValidationImages} is invalid: hold out at least 1 image");
        if (TrainImages is < 1) throw new BlockSwapException($"--refine-train-images {TrainImages} is invalid: train on at least 1 image");
        if (BatchSize < 1) throw new BlockSwapException($"batch size {BatchSize} is invalid: use a positive number");
    }

    public void Save(string dir) => SettingsFile.Save(this, dir, FileName);

    public static RefineSettings Load(string dir) => SettingsFile.Load<RefineSettings>(dir, FileName, "refinement");
}
