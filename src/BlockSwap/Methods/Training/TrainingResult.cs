using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Training;

/// <summary>result.json of a training run.</summary>
public sealed record TrainingResult
{
    public const string FileName = "result.json";

    /// <summary>The result.json of a finished run in <paramref name="dir"/>.</summary>
    public static TrainingResult Load(string dir) =>
        System.Text.Json.JsonSerializer.Deserialize<TrainingResult>(File.ReadAllText(Path.Combine(dir, FileName)), BlockSwap.Foundation.IO.JsonFormats.Indented)
        ?? throw new BlockSwapException($"{Path.Combine(dir, FileName)} is empty; train that run again");

    public required NetworkSpec Network { get; init; }
    public double TestTop1Error { get; init; }
    public double TestTop5Error { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    public int Epochs { get; init; }
    /// <summary>The epoch whose weights the run kept (with --keep best, the one of lowest validation error), and its validation error.</summary>
    public int KeptEpoch { get; init; }
    public double? ValidationError { get; init; }
    public double WallSeconds { get; init; }
    public long Seed { get; init; }
    public required string Device { get; init; }
    public required string Dataset { get; init; }
    /// <summary>The <see cref="Data.DataSources"/> id of the data (null before release 0.10).</summary>
    public string? DataSource { get; init; }
    public bool SyntheticData { get; init; }
    public string? Teacher { get; init; }
    public double AtBeta { get; init; }
    public double KdAlpha { get; init; }
    /// <summary>Class names in label order and the per-channel input normalisation (apply the same at deployment).</summary>
    public IReadOnlyList<string>? Classes { get; init; }
    public Data.Normalisation? Normalisation { get; init; }
    /// <summary>Unreadable images left out of an image folder (--skip-bad-images).</summary>
    public int SkippedImages { get; init; }
    /// <summary>libtorch's CPU threads: results are reproducible for the same seed and thread count (kernels sum in another order with another count).</summary>
    public int Threads { get; init; }
    /// <summary>The identity of the images and labels trained and evaluated on.</summary>
    public Data.DataFingerprint? Data { get; init; }
    /// <summary>
    /// The recipe as used: every input-dependent default resolved (schedule, Cutout), where config.json holds only what
    /// was given. Null in results written before release 0.10.
    /// </summary>
    public TrainingOptions? Recipe { get; init; }
    /// <summary>Tool version and commit, CPU model and thread count of the process that finished the run (null before release 0.10).</summary>
    public BlockSwap.Foundation.Runtime.Provenance? Provenance { get; init; }
}
