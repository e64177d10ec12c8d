using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Export;

/// <summary>What to export from a trained run (a folder or its checkpoint): an ONNX file, a folder for plain PyTorch, or both.</summary>
public sealed record ExportRequest(string Checkpoint)
{
    public string? Onnx { get; init; }
    public string? PyTorch { get; init; }
    public OnnxExportOptions OnnxOptions { get; init; } = new();
    /// <summary>Run the ONNX model in ONNX Runtime first and write it only if it agrees with TorchSharp.</summary>
    public bool Verify { get; init; }
}

/// <summary>What an export wrote; null fields belong to the format not asked for.</summary>
public sealed record ExportReport(string? Onnx, string? PyTorch, NetworkSpec Network, IReadOnlyList<string>? Files, int? Opset, bool? FoldedBatchNorm, int? Batch,
    int? Nodes, long? Bytes, double? VerifyMaxAbsDifference);

/// <summary>
/// <c>blockswap export</c>: the request checked before the checkpoint loads (an ONNX file is replaced only when this
/// tool wrote it), then each format written atomically.
/// </summary>
public static class ExportJob
{
    public static ExportReport Run(ExportRequest request)
    {
        if (request.Onnx is null && request.PyTorch is null)
            throw new BlockSwapException("give what to export: --onnx FILE (ONNX Runtime and other engines) and/or --pytorch DIR (plain PyTorch)");
        if (request.Onnx is not null) OwnedFile.Check(request.Onnx, "--onnx", "ONNX model", OnnxExporter.IsOwnModel);
        if (request.PyTorch is not null && string.IsNullOrWhiteSpace(request.PyTorch))
            throw new BlockSwapException("--pytorch is empty; give a new or empty folder for the exported model");
        var path = Checkpoint.Locate(request.Checkpoint);
        var (net, header) = Checkpoint.LoadNetwork(path, CPU);
        using var _ = net;
        if (request.PyTorch is { } dir) PyTorchExport.Write(net, header.Classes, header.Normalisation, dir);
        if (request.Onnx is not { } file)
            return new ExportReport(null, request.PyTorch, net.Plan.Spec, PyTorchExport.Files, null, null, null, null, null, null);
        var o = request.OnnxOptions;
        var written = OnnxFile.Write(net, path, header, file, o, request.Verify);
        return new ExportReport(written.Path, request.PyTorch, net.Plan.Spec, request.PyTorch is null ? null : PyTorchExport.Files, o.Opset, o.FoldBatchNorm, o.Batch,
            written.Nodes, written.Bytes, written.VerifyMaxAbsDifference);
    }
}
