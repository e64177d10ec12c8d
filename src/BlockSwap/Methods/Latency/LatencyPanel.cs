using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Latency;

/// <summary>A network's ONNX Runtime latency at batch 1 and at <see cref="LatencyPanel.LargeBatch"/>.</summary>
public sealed record NetworkLatency(LatencyEstimate Batch1, LatencyEstimate BatchLarge);

/// <summary>
/// The latency of every network of a report, measured together (<see cref="InterleavedLatency"/>) as each would be
/// deployed: exported to ONNX with batch norm folded, one thread. The weights do not change the arithmetic, so each
/// network is built from its plan with a fixed initialisation; a report can be remeasured without checkpoints.
/// </summary>
public static class LatencyPanel
{
    public const int LargeBatch = 32;

    public static IReadOnlyList<NetworkLatency> Measure(IReadOnlyList<NetworkPlan> plans, InterleavedLatencySettings? settings = null, CancellationToken cancel = default)
    {
        var result = new NetworkLatency[plans.Count];
        // Networks of one input shape are timed in the same rounds (in a run, all of them).
        foreach (var shape in Enumerable.Range(0, plans.Count).GroupBy(i => (plans[i].Architecture.InChannels, plans[i].Architecture.InputSize)))
        {
            var index = shape.ToArray();
            var models = index.Select(i => Model(plans[i])).ToArray();
            var one = InterleavedLatency.Measure(models, shape.Key.InChannels, shape.Key.InputSize, 1, settings, cancel);
            var large = InterleavedLatency.Measure(models, shape.Key.InChannels, shape.Key.InputSize, LargeBatch, settings, cancel);
            for (int k = 0; k < index.Length; k++) result[index[k]] = new NetworkLatency(one[k], large[k]);
        }
        return result;
    }

    private static byte[] Model(NetworkPlan plan)
    {
        using var net = new BlockSwapNetwork(plan, seed: 1, TorchSharp.torch.CPU);
        return Google.Protobuf.MessageExtensions.ToByteArray(OnnxExporter.Build(net, new OnnxExportOptions(FoldBatchNorm: true)));
    }
}
