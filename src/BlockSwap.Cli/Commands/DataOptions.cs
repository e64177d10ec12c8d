using System.CommandLine;
using BlockSwap.Data;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// --dataset and --data; a command that reads a checkpoint defaults them to the checkpoint's. <paramref name="trainSubset"/>:
/// whether --train-images (a seeded subset of the training split) is offered (study has its own, applied after its hold-out).
/// </summary>
internal sealed class DataOptions(bool fromCheckpoint = false, bool trainSubset = true)
{
    public Option<string> Dataset { get; } = fromCheckpoint
        ? new("--dataset") { Description = $"{string.Join(", ", DataSources.Ids)} (default: the one the checkpoint was trained on)" }
        : new("--dataset")
        {
            Description = $"{string.Join(", ", DataSources.Ids)} (default: {DataSources.Default.Id}; with --data DIR, what DIR holds)",
            DefaultValueFactory = _ => DataSources.Default.Id,
        };
    public Option<string?> Folder { get; } = new("--data")
    {
        Description = fromCheckpoint ? "Folder with the data set's files (default: the folder the checkpoint was trained from)" : "Folder with the data set's files",
    };

    public Option<double> ValFraction { get; } = new("--val-fraction")
    {
        Description = "Image folder without train/ and val/: the fraction of each class held out for evaluation (seeded, stratified)", DefaultValueFactory = _ => 0.2,
    };
    public Option<int?> TrainImages { get; } = new("--train-images")
    {
        Description = "Train (and search) on a seeded random subset of this many training images (a quick try); the test split is unchanged",
    };
    public Option<bool> SkipBadImages { get; } = new("--skip-bad-images") { Description = "Image folder: leave unreadable or truncated images out (and say how many) instead of stopping" };
    public Option<bool> Rehash { get; } = new("--rehash")
    {
        Description = "Image folder: decode every image again. The decoded cache is reused while every file keeps its size and modification time (as make and rsync judge); a file rewritten in place with both unchanged needs --rehash",
    };

    /// <summary>The data a checkpoint was trained on, unless the options name other data.</summary>
    public DataSplits LoadFor(ParseResult p, BlockSwap.Methods.Training.CheckpointHeader header, ImageRequest shape)
    {
        var source = p.GetValue(Dataset) ?? BlockSwap.Methods.Training.CheckpointEvaluation.RecordedSource(header);
        CheckUsed(p, source);
        return CliOptions.LoadData(source, p.GetValue(Folder) ?? header.DataFolder, header.Options.Seed, shape, FolderOptions(p));
    }

    public void AddTo(Command c)
    {
        c.Options.Add(Dataset);
        c.Options.Add(Folder);
        c.Options.Add(ValFraction);
        c.Options.Add(SkipBadImages);
        c.Options.Add(Rehash);
        if (!fromCheckpoint && trainSubset) c.Options.Add(TrainImages);
    }

    public ImageFolderOptions FolderOptions(ParseResult p) => new(ValFraction: p.GetValue(ValFraction), SkipBadImages: p.GetValue(SkipBadImages), Rehash: p.GetValue(Rehash));

    /// <summary>Loads the splits; generated data and image folders take <paramref name="shape"/> (channels, size).</summary>
    public DataSplits Load(ParseResult p, long seed, ImageRequest shape)
    {
        var source = Source(p);
        CheckUsed(p, source);
        return CliOptions.LoadData(source, p.GetValue(Folder), seed, shape, FolderOptions(p), trainSubset ? p.GetValue(TrainImages) : null);
    }

    /// <summary>Options the chosen source does not read are refused, not ignored (--data with generated data once did nothing).</summary>
    public void CheckUsed(ParseResult p, string source)
    {
        var s = DataSources.Get(source);
        bool folder = s is BlockSwap.Data.Sources.ImageFolderSource;
        Given.OnlyWith(p, s is not BlockSwap.Data.Sources.SyntheticSource, "to data read from files (not --dataset synthetic)", Folder);
        Given.OnlyWith(p, folder, "to an image folder (--dataset folder)", ValFraction, SkipBadImages, Rehash);
        if (p.Was(ValFraction) && !(p.GetValue(ValFraction) is > 0 and < 1))
            throw new BlockSwapException($"--val-fraction {p.GetValue(ValFraction)} is invalid: hold out a fraction such as 0.2 (between 0 and 1)");
    }

    /// <summary>
    /// --dataset as given; left out beside --data DIR, the source whose files DIR holds (an image folder is read as one
    /// rather than searched for IDX files), with a note; otherwise the default.
    /// </summary>
    public string Source(ParseResult p) =>
        DataSources.Resolve(p.GetResult(Dataset) is { Implicit: false } ? p.Value(Dataset) : null, p.GetValue(Folder), note => Console.Error.WriteLine($"data: {note}")).Id;
}
