using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Networks;
using BlockSwap.Pipeline;
using BlockSwap.Search;
using BlockSwap.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Pipeline;

public class RunPipelineTests
{
    private static RunSettings Settings() => new()
    {
        Architecture = "wrn-10-1",
        Budgets = [20_000],
        Samples = 4,
        Window = 0.1,
        SearchBatchSize = 16,
        Training = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 3, Lr = 0.05 },
    };

    [Fact]
    public void TinyPipeline_WritesEveryOutput_AndResumesWithoutRedoingStages()
    {
        using var data = SyntheticData.Create(10, 1, 12, 96, 32, seed: 1);
        var dir = Directory.CreateTempSubdirectory("bs-run-").FullName;
        var report = RunPipeline.Run(Settings(), data, CPU, dir);

        foreach (var f in new[] { "report.md", "report.json", "error_vs_params.png", "training_curves.png", "scores_20000.png" })
            Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 0, f);
        foreach (var stage in new[] { "teacher", "budget-20000/blockswap-s3", "budget-20000/moonshine-s3", "budget-20000/random-s3" })
            foreach (var f in new[] { "checkpoint", "model.pt", "metrics.jsonl", "result.json" })
                Assert.True(File.Exists(Path.Combine(dir, stage, f)), $"{stage}/{f}");
        Assert.True(File.Exists(Path.Combine(dir, "budget-20000/search-s3/best.json")));

        var rows = report.Budgets[0].Rows;
        Assert.Equal(["blockswap", "moonshine", "random"], rows.Select(r => r.Method));
        Assert.All(rows, r => Assert.True(r.Params > 18_000 && r.Params < 22_000));
        Assert.All(rows.Append(report.Teacher), r => Assert.InRange(r.Top1Error, 0, 100));
        Assert.Equal(4, report.Budgets[0].ProxyScores.Count);
        Assert.NotNull(report.Budgets[0].MoonshineType);
        Assert.True(report.SyntheticData);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("SYNTHETIC", md);
        Assert.Contains($"moonshine ({report.Budgets[0].MoonshineType})", md);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(3, json.RootElement.GetProperty("budgets")[0].GetProperty("rows").GetArrayLength());
        // PNG signature.
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(Path.Combine(dir, "error_vs_params.png"))[..4]);

        // A second run finds every stage complete: same numbers, no checkpoint rewritten.
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(dir, "teacher", "checkpoint"));
        var again = RunPipeline.Run(Settings(), data, CPU, dir);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(dir, "teacher", "checkpoint")));
        Assert.Equal(report.Budgets[0].Rows.Select(r => r.Top1Error), again.Budgets[0].Rows.Select(r => r.Top1Error));
    }

    [Fact]
    public void Moonshine_IsTheClosestUniformNetworkBelowTheUpperBound()
    {
        var arch = Architecture.WideResNet(40, 2);
        // 400K: DConvA16 (406,410) is inside the window and closest.
        Assert.Equal("DConvA16", RunPipeline.MoonshineType(arch, new BudgetWindow(400_000, 0.025))!.Name);
        // 800K: DConvA4 (814,650) < 820,000 upper bound.
        Assert.Equal("DConvA4", RunPipeline.MoonshineType(arch, new BudgetWindow(800_000, 0.025))!.Name);
        // 200K: G8B2 189,914 vs A4B2 214,106 (above 205,000): G8B2.
        Assert.Equal("G8B2", RunPipeline.MoonshineType(arch, new BudgetWindow(200_000, 0.025))!.Name);
    }

    [Fact]
    public void UnknownBaseline_IsRefused()
    {
        var e = Assert.Throws<BlockSwapException>(() => (Settings() with { Baselines = ["pruning"] }).Validate());
        Assert.Contains("moonshine, random", e.Message);
    }
}
