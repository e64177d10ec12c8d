using BlockSwap.Engine.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Export;

/// <summary>Runs an exported model in ONNX Runtime and compares it with the TorchSharp network in evaluation mode.</summary>
public static class OnnxVerifier
{
    /// <summary>Max absolute difference of the logits over random inputs of the given batch size.</summary>
    public static double MaxAbsDifference(BlockSwapNetwork network, byte[] model, int batch = 2, long seed = 0)
    {
        var arch = network.Architecture;
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        var x = randn(new long[] { batch, arch.InChannels, arch.InputSize, arch.InputSize }, generator: gen);
        bool wasTraining = network.training;
        network.eval();
        float[] expected;
        using (no_grad()) expected = network.call(x.to(network.Device)).Logits.cpu().data<float>().ToArray();
        network.train(wasTraining);

        using var session = new InferenceSession(model);
        var input = new DenseTensor<float>(x.data<float>().ToArray(), [batch, arch.InChannels, arch.InputSize, arch.InputSize]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)]);
        var actual = results.First(r => r.Name == OnnxExporter.OutputName).AsEnumerable<float>().ToArray();
        if (actual.Length != expected.Length)
            throw new InvalidOperationException($"ONNX output has {actual.Length} values, expected {expected.Length}");
        return expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
    }
}
