namespace BlockSwap.Data;

/// <summary>
/// The image shape a user named (null: not named), and the side to fall back on where nothing else says it (the
/// network's default input). An image folder takes unnamed values from its images; generated data from the defaults.
/// </summary>
public readonly record struct ImageRequest(int? Channels, int? Size, int DefaultSize = 32)
{
    /// <summary>A shape fixed by the caller (a checkpoint's network, a genotype file's).</summary>
    public static ImageRequest Fixed(int channels, int size) => new(channels, size, size);
}

/// <summary>
/// What a command asks of a data source: the folder (null: the source's default location), the seed of any split or
/// generation, and the image shape the user named (null: the source's own, or for an image folder, detected from the
/// images). Generated data also takes its split sizes.
/// </summary>
public sealed record DataRequest
{
    public string? Folder { get; init; }
    public long Seed { get; init; }
    public int? Channels { get; init; }
    public int? Size { get; init; }
    /// <summary>The network's default input side, for sources that have none of their own (generated data).</summary>
    public int DefaultSize { get; init; } = 32;
    public ImageFolderOptions Images { get; init; } = new();
    public int SyntheticTrain { get; init; } = 512;
    public int SyntheticTest { get; init; } = 256;

    /// <summary>Refuses shapes no image can have before anything is allocated (-7 channels once crashed the process).</summary>
    public void Check()
    {
        if (Channels is { } c && c is not (1 or 3)) throw new BlockSwapException($"{c} input channels is invalid: use 1 (gray) or 3 (RGB)");
        foreach (var s in new[] { Size, (int?)DefaultSize })
            if (s is { } side && (side < 8 || side > InputShape.MaxSize))
                throw new BlockSwapException($"input size {side} is invalid: use 8 to {InputShape.MaxSize} pixels");
        if (SyntheticTrain < 1 || SyntheticTest < 1) throw new BlockSwapException("generated data need at least one training and one test image");
    }
}

/// <summary>
/// One kind of data set, registered in <see cref="DataSources"/>: its id (what <c>--dataset</c> takes and files record),
/// other spellings, how to read it, and how to recognise its files in a folder. Adding a data set is one subclass and
/// one line in <see cref="DataSources.All"/>.
/// </summary>
public abstract class DataSource
{
    /// <summary>The id written to checkpoints and results, e.g. <c>cifar100</c>.</summary>
    public abstract string Id { get; }
    /// <summary>Other spellings a user may type (matched whole, case-insensitively; never by prefix).</summary>
    public virtual IReadOnlyList<string> Aliases => [];
    /// <summary>One line for --help.</summary>
    public abstract string Summary { get; }
    /// <summary>Whether this source needs --data (it has no default location).</summary>
    public virtual bool NeedsFolder => true;

    public abstract DataSplits Load(DataRequest request);

    /// <summary>Whether <paramref name="dir"/> holds this source's files (for --data given without --dataset).</summary>
    public virtual bool Recognises(string dir) => false;

    public override string ToString() => Id;

    /// <summary>Whether any of the files exists in the folder, compressed or not.</summary>
    protected static bool HasAny(string dir, params string[] files) =>
        files.Any(f => File.Exists(Path.Combine(dir, f)) || File.Exists(Path.Combine(dir, f + ".gz")));
}
