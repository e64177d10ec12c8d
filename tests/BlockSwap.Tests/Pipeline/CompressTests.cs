using BlockSwap.Data;
using BlockSwap.Methods.Export;

namespace BlockSwap.Tests.Pipeline;

/// <summary>The library used without the command line, as the README's example does: search, train, export.</summary>
public class CompressTests
{
    [Fact]
    public void SearchTrainExport_ThroughTheFrontDoor()
    {
        var root = Directory.CreateTempSubdirectory("bs-api-").FullName;
        using var data = Compress.LoadData("synthetic", shape: new ImageRequest(3, 16, 16), trainImages: 64);
        var search = Compress.Search(data, "wrn-10-1", budget: 30_000, samples: 4, outDir: Path.Combine(root, "search"), window: 0.3);
        Assert.Equal(4, search.Candidates.Count);
        Assert.True(File.Exists(Path.Combine(root, "search", "best.json")));
        var genotype = search.Best.Candidate.Genotype;
        var student = Compress.Train(data, genotype, "wrn-10-1", outDir: Path.Combine(root, "student"), epochs: 1);
        Assert.Equal(Compress.Network("wrn-10-1", data, genotype).Parameters, student.Params);
        Assert.Equal(genotype, student.Network.Genotype);
        var onnx = Path.Combine(root, "student.onnx");
        Compress.ExportOnnx(Path.Combine(root, "student"), onnx);
        Assert.True(OnnxExporter.IsOwnModel(onnx));
        Compress.ExportPyTorch(Path.Combine(root, "student"), Path.Combine(root, "pytorch"));
        Assert.All(PyTorchExport.Files, f => Assert.True(File.Exists(Path.Combine(root, "pytorch", f)), f));
        using var model = Compress.CreateModel("wrn-10-1", genotype.ToString(), inputSize: 16);
        Assert.Equal(student.Params, model.Plan.Parameters);
    }
}
