using BlockSwap.Data;
using BlockSwap.Methods.Export;

namespace BlockSwap.Tests.Pipeline;

/// <summary>The library used without the command line, as the README's example does: search, train, export.</summary>
public class CompressTests
{
    [Fact]
    public void SearchTrainExport_ThroughTheFrontDoor()
    {
        var root = Scratch.Folder("bs-api-");
        using var data = Compress.LoadData("synthetic", shape: new ImageRequest(3, 16, 16), trainImages: 64);
        var search = Compress.Search(data, "wrn-10-1", budget: 30_000, samples: 4, outDir: Path.Combine(root, "search"), window: 0.3);
        Assert.Equal(4, search.Candidates.Count);
        Assert.True(File.Exists(Path.Combine(root, "search", "best.json")));
        var genotype = search.Best.Candidate.Genotype;
        var student = Compress.Train(data, genotype, "wrn-10-1", outDir: Path.Combine(root, "student"), epochs: 1);
        Assert.Equal(Compress.Network("wrn-10-1", data, genotype).Parameters, student.Params);
        Assert.Equal(genotype, student.Network.Genotype);
        // Evaluated again on the data the checkpoint names (regenerated from its seed): the training's own last figure.
        var evaluation = Compress.Evaluate(Path.Combine(root, "student"));
        Assert.Equal(student.TestTop1Error, evaluation.Top1Error, 9);
        Assert.Equal((student.Params, 1, data.Test.Count), (evaluation.Params, evaluation.Epoch, evaluation.Count));
        Assert.Equal(Enumerable.Range(0, 10), evaluation.Classes.Select(c => c.Label));
        var onnx = Path.Combine(root, "student.onnx");
        var written = Compress.ExportOnnx(Path.Combine(root, "student"), onnx, verify: true);
        Assert.True(OnnxExporter.IsOwnModel(onnx));
        Assert.Equal((onnx, new FileInfo(onnx).Length, true), (written.Onnx, written.Bytes!.Value, written.FoldedBatchNorm!.Value));
        Assert.True(written.VerifyMaxAbsDifference <= OnnxFile.VerifyTolerance);
        Assert.Equal(genotype, written.Network.Genotype);
        Assert.Null(written.PyTorch);
        var folder = Compress.ExportPyTorch(Path.Combine(root, "student"), Path.Combine(root, "pytorch"));
        Assert.All(PyTorchExport.Files, f => Assert.True(File.Exists(Path.Combine(root, "pytorch", f)), f));
        Assert.Null(folder.Onnx);
        Assert.Equal(PyTorchExport.Files, folder.Files);
        Assert.StartsWith("give what to export", Assert.Throws<BlockSwapException>(() => ExportJob.Run(new ExportRequest(Path.Combine(root, "student")))).Message);
        using var model = Compress.CreateModel("wrn-10-1", genotype.ToString(), inputSize: 16);
        Assert.Equal(student.Params, model.Plan.Parameters);
    }
}
