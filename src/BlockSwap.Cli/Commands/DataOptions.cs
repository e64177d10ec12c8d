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
        ? new("--dataset") { Description = $"{string.Join(", ", DataSets.Names)} (default: the one the checkpoint was trained on)" }
        : new("--dataset") { Description = $"{string.Join(", ", DataSets.Names)} (cifar10 needs --data)", DefaultValueFactory = _ => DataSets.Names[0] };
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

    /// <summary>The data a checkpoint was trained on, unless the options name other data.</summary>
    public DataSplits LoadFor(ParseResult p, BlockSwap.Training.CheckpointHeader header, (int Channels, int Size) syntheticShape) =>
        CliOptions.LoadData(p.GetValue(Dataset) ?? DataSets.KindOf(header.Dataset), p.GetValue(Folder) ?? header.DataFolder, header.Options.Seed, syntheticShape, FolderOptions(p));

    public void AddTo(Command c)
    {
        c.Options.Add(Dataset);
        c.Options.Add(Folder);
        c.Options.Add(ValFraction);
        c.Options.Add(SkipBadImages);
        if (!fromCheckpoint && trainSubset) c.Options.Add(TrainImages);
    }

    public ImageFolderOptions FolderOptions(ParseResult p) => new(ValFraction: p.GetValue(ValFraction), SkipBadImages: p.GetValue(SkipBadImages));

    /// <summary>Loads the splits; generated data and image folders take <paramref name="shape"/> (channels, size).</summary>
    public DataSplits Load(ParseResult p, long seed, (int Channels, int Size) shape) =>
        CliOptions.LoadData(p.Value(Dataset), p.GetValue(Folder), seed, shape, FolderOptions(p), trainSubset ? p.GetValue(TrainImages) : null);
}
