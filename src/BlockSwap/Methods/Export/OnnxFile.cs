using BlockSwap.Methods.Training;
using Onnx;

namespace BlockSwap.Methods.Export;

/// <summary>What an ONNX export wrote: the file, its size and node count, and the verification's largest difference.</summary>
public sealed record OnnxFileReport(string Path, OnnxExportOptions Options, int Nodes, long Bytes, double? VerifyMaxAbsDifference);

/// <summary>
/// ONNX files on disk: a trained run written as one (verified in ONNX Runtime first when asked, so a model that
/// disagrees with TorchSharp is never written), and an image model read back with its input shape.
/// </summary>
public static class OnnxFile
{
    /// <summary>Largest |ONNX Runtime − TorchSharp| a verified export accepts.</summary>
    public const double VerifyTolerance = 1e-4;

    /// <summary><c>dynamic</c> (null) or a positive fixed batch size.</summary>
    public static int? ParseBatch(string text)
    {
        var b = text.Trim().ToLowerInvariant();
        return b == "dynamic" ? null : int.TryParse(b, out var n) && n > 0 ? n
            : throw new BlockSwapException($"--batch-size '{b}' is invalid: use dynamic or a positive number");
    }

    /// <summary>Writes the network of the checkpoint at <paramref name="checkpointPath"/> to <paramref name="output"/> (atomically), with its classes and normalisation as metadata.</summary>
    public static OnnxFileReport Write(BlockSwap.Engine.Networks.BlockSwapNetwork network, string checkpointPath, CheckpointHeader header, string output, OnnxExportOptions options,
        bool verify = false)
    {
        var model = OnnxExporter.Build(network, options, OnnxMetadata.FromCheckpoint(checkpointPath, header));
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(model);
        double? diff = null;
        if (verify)
        {
            diff = OnnxVerifier.MaxAbsDifference(network, bytes, options.Batch ?? 2);
            if (diff > VerifyTolerance)
                throw new BlockSwapException($"verification failed: max |Δ| {Numbers.Compact(diff.Value)} > {VerifyTolerance:G1}; the ONNX file was not written");
        }
        BlockSwap.Foundation.IO.AtomicFile.WriteAllBytes(output, bytes);
        return new OnnxFileReport(output, options, model.Graph.Node.Count, bytes.LongLength, diff);
    }

    /// <summary>An image model's bytes with its input's channels and side (N×C×H×W), or a one-line error naming what is wrong.</summary>
    public static (byte[] Bytes, int Channels, int Size) ReadImageModel(string file)
    {
        if (!File.Exists(file)) throw new BlockSwapException($"{file} does not exist; give an .onnx file written by blockswap export");
        var bytes = File.ReadAllBytes(file);
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(bytes); }
        catch (Google.Protobuf.InvalidProtocolBufferException) { throw new BlockSwapException($"{file} is not an ONNX model"); }
        if (model.Graph is null || model.Graph.Input.Count == 0 || model.Graph.Input[0].Type?.TensorType?.Shape?.Dim.Count != 4)
            throw new BlockSwapException($"{file} is empty or not an image model (no N×C×H×W input); give an .onnx file written by blockswap export");
        var dims = model.Graph.Input[0].Type.TensorType.Shape.Dim;
        return (bytes, (int)dims[1].DimValue, (int)dims[2].DimValue);
    }
}
