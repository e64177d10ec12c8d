using System.Diagnostics;
using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Latency;

/// <summary>Median and 90th-percentile latency in milliseconds over timed runs after warm-up.</summary>
public sealed record LatencyMeasurement(string Engine, int Batch, int Threads, double MedianMs, double P90Ms, int Runs);

/// <summary>Measures inference latency in ONNX Runtime and in TorchSharp (evaluation mode, no gradients).</summary>
public static class LatencyMeter
{
    private static LatencyMeasurement Summarise(string engine, int batch, int threads, List<double> ms)
    {
        ms.Sort();
        return new LatencyMeasurement(engine, batch, threads, ms[ms.Count / 2], ms[(int)Math.Ceiling(0.9 * ms.Count) - 1], ms.Count);
    }

    /// <summary><c>blockswap latency</c>: a trained run (folder or checkpoint) in ONNX Runtime (exported in memory) and in TorchSharp, or an .onnx file in ONNX Runtime.</summary>
    public static IReadOnlyList<LatencyMeasurement> Measure(string? checkpoint, string? onnxFile, int batch, int threads, int runs)
    {
        if (batch < 1 || threads < 1 || runs < 1) throw new BlockSwapException("--batch, --threads and --runs must be positive");
        if ((checkpoint is null) == (onnxFile is null)) throw new BlockSwapException("give exactly one network to time: --checkpoint DIR or --onnx FILE");
        if (checkpoint is not null)
        {
            var (net, _) = Methods.Training.Checkpoint.LoadNetwork(checkpoint, CPU);
            using (net) return [OnnxRuntime(net, batch, threads, runs: runs), TorchSharp(net, batch, threads, runs: runs)];
        }
        var (bytes, channels, size) = OnnxFile.ReadImageModel(onnxFile!);
        return [OnnxRuntime(bytes, channels, size, batch, threads, runs: runs)];
    }

    /// <summary>ONNX Runtime latency of a network exported in memory with BN folded (how it would be deployed).</summary>
    public static LatencyMeasurement OnnxRuntime(BlockSwapNetwork network, int batch = 1, int threads = 1, int warmup = 10, int runs = 50)
    {
        var model = Google.Protobuf.MessageExtensions.ToByteArray(OnnxExporter.Build(network, new OnnxExportOptions(FoldBatchNorm: true)));
        return OnnxRuntime(model, network.Architecture.InChannels, network.Architecture.InputSize, batch, threads, warmup, runs);
    }

    public static LatencyMeasurement OnnxRuntime(byte[] model, int inChannels, int size, int batch = 1, int threads = 1, int warmup = 10, int runs = 50)
    {
        using var opts = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        using var session = new InferenceSession(model, opts);
        var data = new float[batch * inChannels * size * size];
        var input = new DenseTensor<float>(data, [batch, inChannels, size, size]);
        var inputs = new[] { NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input) };
        var times = new List<double>(runs);
        for (int i = 0; i < warmup + runs; i++)
        {
            var sw = Stopwatch.StartNew();
            using (session.Run(inputs)) { }
            if (i >= warmup) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Summarise("onnxruntime", batch, threads, times);
    }

    public static LatencyMeasurement TorchSharp(BlockSwapNetwork network, int batch = 1, int threads = 1, int warmup = 10, int runs = 50)
    {
        var arch = network.Architecture;
        int previous = get_num_threads();
        set_num_threads(threads);
        network.eval();
        var times = new List<double>(runs);
        try
        {
            using var x = zeros(batch, arch.InChannels, arch.InputSize, arch.InputSize);
            for (int i = 0; i < warmup + runs; i++)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var sw = Stopwatch.StartNew();
                network.call(x).Logits.cpu();
                if (i >= warmup) times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            set_num_threads(previous);
        }
        return Summarise("torchsharp", batch, threads, times);
    }
}
