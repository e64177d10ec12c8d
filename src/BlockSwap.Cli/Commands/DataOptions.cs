using System.CommandLine;
using BlockSwap.Data;

namespace BlockSwap.Cli.Commands;

/// <summary>--dataset and --data; a command that reads a checkpoint defaults them to the checkpoint's.</summary>
internal sealed class DataOptions(bool fromCheckpoint = false)
{
    public Option<string> Dataset { get; } = fromCheckpoint
        ? new("--dataset") { Description = $"{string.Join(", ", DataSets.Names)} (default: the one the checkpoint was trained on)" }
        : new("--dataset") { Description = $"{string.Join(", ", DataSets.Names)} (cifar10 needs --data)", DefaultValueFactory = _ => DataSets.Names[0] };
    public Option<string?> Folder { get; } = new("--data")
    {
        Description = fromCheckpoint ? "Folder with the data set's files (default: the folder the checkpoint was trained from)" : "Folder with the data set's files",
    };

    /// <summary>The data a checkpoint was trained on, unless the options name other data.</summary>
    public DataSplits LoadFor(ParseResult p, BlockSwap.Training.CheckpointHeader header, (int Channels, int Size) syntheticShape) =>
        CliOptions.LoadData(p.GetValue(Dataset) ?? DataSets.KindOf(header.Dataset), p.GetValue(Folder) ?? header.DataFolder, header.Options.Seed, syntheticShape);

    public void AddTo(Command c)
    {
        c.Options.Add(Dataset);
        c.Options.Add(Folder);
    }

    /// <summary>Loads the splits; generated data takes <paramref name="syntheticShape"/> (channels, size).</summary>
    public DataSplits Load(ParseResult p, long seed, (int Channels, int Size) syntheticShape) =>
        CliOptions.LoadData(p.GetValue(Dataset)!, p.GetValue(Folder), seed, syntheticShape);
}
