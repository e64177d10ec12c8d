using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Networks;
using BlockSwap.Pipeline;
using BlockSwap.Reporting;
using BlockSwap.Search;
using BlockSwap.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Pipeline;

[Trait("Category", TestCategories.Training)]
public class RunPipelineTests
{
    private static RunSettings Settings() => new()
    {
        Architecture = Architecture.Parse("wrn-10-1"),
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

        // Changed settings: a finished stage is never reused silently; the error names the change, --redo-changed redoes it.
        var longer = Settings() with { Training = Settings().Training with { Epochs = 2 } };
        var e = Assert.Throws<BlockSwapException>(() => RunPipeline.Run(longer, data, CPU, dir));
        Assert.Contains("epochs 1 → 2", e.Message);
        // Other data under the same name: no stage is reused (the run once reported the new data's counts over old stages).
        using var other = SyntheticData.Create(10, 1, 12, 64, 32, seed: 1);
        Assert.Contains("data: ", Assert.Throws<BlockSwapException>(() => RunPipeline.Run(Settings(), other, CPU, dir)).Message);
        var redone = RunPipeline.Run(longer with { RedoChanged = true }, data, CPU, dir);
        Assert.Equal(2, Checkpoint.ReadHeader(Path.Combine(dir, "teacher")).Epoch);
        Assert.All(redone.Budgets[0].Rows, r => Assert.Equal(2, r.Curve.Count));
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
        var e = Assert.Throws<BlockSwapException>(() => Baselines.Parse("moonshine,pruning"));
        Assert.Equal("unknown baseline (comma-separated, or none) 'pruning'; use moonshine or random", e.Message);
        Assert.Equal([Baseline.Random], Baselines.Parse(" Random "));
        Assert.Empty(Baselines.Parse("none"));
    }
}

public class RunStatisticsTests
{
    private static ReportRow Row(string method, long seed, double error, long parameters = 1000) =>
        new() { Method = method, Seed = seed, Genotype = "g", Top1Error = error, Params = parameters, Folder = "f" };

    [Fact]
    public void SeveralSeeds_GiveMeanSdAndPairedDifferencesWithIntervals()
    {
        var b = new BlockSwap.Reporting.BudgetReport(1000, 975, 1025,
        [
            Row("blockswap", 1, 10), Row("moonshine", 1, 11), Row("blockswap", 2, 12), Row("moonshine", 2, 14),
            Row("blockswap", 3, 11), Row("moonshine", 3, 12), Row("random", 1, 15),
        ], "DConv", [], null);
        var bs = b.Methods.Single(m => m.Method == "blockswap");
        Assert.Equal(3, bs.Seeds);
        Assert.Equal(11, bs.MeanError, 12);
        Assert.Equal(1, bs.StdError, 12);
        // Paired differences (−1, −2, −1): mean −4/3, sd 0.57735, t(2) = 4.302653.
        var d = b.Differences.Single(x => x.Baseline == "moonshine");
        Assert.Equal(3, d.Seeds);
        Assert.Equal(-4.0 / 3, d.Difference.Value, 12);
        Assert.Equal(-4.0 / 3 + 4.302653 * Math.Sqrt(1.0 / 3) / Math.Sqrt(3), d.Difference.Upper, 5);
        var r = b.Differences.Single(x => x.Baseline == "random");
        Assert.Equal(1, r.Seeds);
        Assert.True(double.IsNaN(r.Difference.Lower));
        var md = BlockSwap.Reporting.ReportWriter.Markdown(new BlockSwap.Reporting.RunReport
        {
            Architecture = "wrn-16-1", Dataset = "d", Recipe = "r", Proxy = "fisher", Teacher = Row("teacher", 1, 9), Budgets = [b], Device = "cpu",
        }, []);
        Assert.Contains("11.00 ± 1.00", md);
        Assert.Contains("blockswap − moonshine: -1.33 points", md);
        Assert.Contains("no interval can be given", md);
    }
}
