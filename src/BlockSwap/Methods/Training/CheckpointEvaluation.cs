using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>One class's top-1 error on the test split.</summary>
public sealed record ClassError(int Label, string Name, double Top1Error);

/// <summary><c>blockswap eval</c>: a trained run's test errors, with its size and the data it was measured on.</summary>
public sealed record CheckpointEvaluation(double Top1Error, double Top5Error, double Loss, int Count, long Params, long Macs, NetworkSpec Network, string Dataset,
    int Epoch, IReadOnlyList<ClassError> Classes)
{
    /// <summary>
    /// Evaluates the run at <paramref name="checkpoint"/> on the data <paramref name="loadData"/> gives for its header and
    /// input shape (disposed here), preprocessed as the run was trained (<see cref="StoredPreprocessing"/>).
    /// </summary>
    public static CheckpointEvaluation Run(string checkpoint, Func<CheckpointHeader, ImageRequest, DataSplits> loadData, Device device, Action<string>? note = null)
    {
        var (network, header) = Checkpoint.LoadNetwork(checkpoint, device);
        using var _ = network;
        var arch = network.Architecture;
        using var splits = loadData(header, ImageRequest.Fixed(arch.InChannels, arch.InputSize));
        DataShape.Check(splits, arch.Shape, $"the checkpoint's network (trained on {header.Dataset})");
        var e = Evaluator.Evaluate(network, StoredPreprocessing.TestSplit(header, splits, note ?? (_ => { })), device);
        return new CheckpointEvaluation(e.Top1Error, e.Top5Error, e.Loss, e.Count, network.Plan.Parameters, network.Plan.Macs, network.Plan.Spec, splits.Name, header.Epoch,
            e.ClassErrors.Select((err, c) => new ClassError(c, splits.Test.ClassName(c), err)).ToArray());
    }

    /// <summary>The data source a checkpoint was trained on, by its recorded id (or, before release 0.10, its name).</summary>
    public static string RecordedSource(CheckpointHeader header) => DataSources.FromRecord(header.DataSource, header.Dataset)?.Id
        ?? throw new BlockSwapException($"the checkpoint names data '{header.Dataset}', which this version does not know; give --dataset and --data");
}
