using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Pipeline;
using BlockSwap.Methods.Latency;
using BlockSwap.Outputs.Reporting;
using BlockSwap.Foundation.Statistics;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
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
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Window = 0.1 },
        SearchBatchSize = 16,
        Training = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 3, Lr = 0.05 },
    };

    [Fact]
    public void TinyPipeline_WritesEveryOutput_AndResumesWithoutRedoingStages()
    {
        using var data = SyntheticData.Create(10, 1, 12, 96, 32, seed: 1);
        var dir = Scratch.Folder("bs-run-");
        var report = RunPipeline.Run(Settings(), data, CPU, dir);

        foreach (var f in new[] { "report.md", "report.json", "error_vs_params.png", "latency_vs_params.png", "latency.csv", "training_curves.png", "scores_20000.png" })
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
        // The report says how busy the machine was while latency was timed (Linux: /proc/stat).
        if (OperatingSystem.IsLinux())
            Assert.Contains($"- While latency was timed, {report.LatencyLoad!.Describe()}", md);
        Assert.Contains($"moonshine ({report.Budgets[0].MoonshineType})", md);
        // Every training says how its arithmetic was made (from its result.json), and here all were made alike.
        var made = Assert.Single(rows.Append(report.Teacher).Select(r => r.MadeOn).Distinct());
        Assert.Equal(BlockSwap.Methods.Training.TrainingResult.Load(Path.Combine(dir, "teacher")).Provenance!.Arithmetic, made);
        Assert.Contains($"- Trained with: {made} (every training)", md);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Equal(3, json.RootElement.GetProperty("budgets")[0].GetProperty("rows").GetArrayLength());
        // PNG signature.
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(Path.Combine(dir, "error_vs_params.png"))[..4]);

        // A second run finds every stage complete: same numbers, no checkpoint rewritten.
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(dir, "teacher", "checkpoint"));
        // It only re-times, here with more rounds than the usual limit of 60: every network gets exactly those.
        var again = RunPipeline.Run(Settings() with { LatencyRounds = 61 }, data, CPU, dir);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(dir, "teacher", "checkpoint")));
        Assert.Equal(report.Budgets[0].Rows.Select(r => r.Top1Error), again.Budgets[0].Rows.Select(r => r.Top1Error));
        Assert.All(again.Budgets[0].Rows.Append(again.Teacher), r => Assert.Equal((61, 61), (r.Latency!.Batch1.Rounds, r.Latency.BatchLarge.Rounds)));
        Assert.All(report.Budgets[0].Rows, r => Assert.InRange(r.Latency!.Batch1.Rounds, 12, 60));

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
    public void RandomSeedsByNumber_TrainTheBaselineOnlyThere_PairedWithThatSeedsPick()
    {
        using var data = SyntheticData.Create(10, 1, 12, 96, 32, seed: 1);
        var dir = Scratch.Folder("bs-run-seeds-");
        var settings = Settings() with { Seeds = 2, Baselines = [Baseline.Random], RandomSeeds = SeedSelection.Parse("4-4") };
        var report = RunPipeline.Run(settings, data, CPU, dir);

        Assert.True(File.Exists(Path.Combine(dir, "budget-20000/random-s4/result.json")));
        Assert.False(Directory.Exists(Path.Combine(dir, "budget-20000/random-s3")));
        Assert.Equal(["blockswap 3", "blockswap 4", "random 4"], report.Budgets[0].Rows.Select(r => $"{r.Method} {r.Seed}").Order());
        var versus = Assert.Single(RunAnalysis.Of(report.Budgets, settings.Margin).VersusRandom);
        Assert.Equal(1, versus.Comparison.Pairs);
        var pick = report.Budgets[0].Rows.Single(r => r.Method == "blockswap" && r.Seed == 4);
        var random = report.Budgets[0].Rows.Single(r => r.Method == "random");
        Assert.Equal(pick.Top1Error - random.Top1Error, versus.Comparison.Mean, 9);
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
    private static ReportRow Row(string method, long seed, double error, long parameters = 1000, double? latency = null) =>
        new()
        {
            Method = method, Seed = seed, Genotype = $"{method}-{seed}", Top1Error = error, Params = parameters, Folder = "f",
            Latency = latency is { } l ? Timed(l, Enumerable.Repeat(l, 12).ToArray()) : null,
        };

    /// <summary>A latency whose rounds (batch 1) are given; batch 32 takes ten times each.</summary>
    private static NetworkLatency Timed(double median, double[] rounds) =>
        new(new LatencyEstimate(1, 1, median, rounds.Min(), rounds.Max(), rounds), new LatencyEstimate(32, 1, 10 * median, 10 * rounds.Min(), 10 * rounds.Max(), rounds.Select(x => 10 * x).ToArray()));

    private static BudgetReport Budget(long budget, params ReportRow[] rows) => new(budget, budget * 0.975, budget * 1.025, rows, "DConv", [], null);

    [Fact]
    public void SeveralSeeds_GiveMeanSdAndAnIntervalOfTheMean()
    {
        var b = Budget(1000, Row("blockswap", 1, 10), Row("moonshine", 1, 11), Row("blockswap", 2, 12), Row("moonshine", 2, 14),
            Row("blockswap", 3, 11), Row("moonshine", 3, 12), Row("random", 1, 15));
        var bs = b.Methods.Single(m => m.Method == "blockswap");
        Assert.Equal(3, bs.Seeds);
        Assert.Equal(11, bs.MeanError, 12);
        Assert.Equal(1, bs.StdError, 12);
        Assert.Equal(11 + 4.302653 / Math.Sqrt(3), bs.MeanInterval.Upper, 5);
        Assert.True(double.IsNaN(b.Methods.Single(m => m.Method == "random").MeanInterval.Lower));
    }

    [Fact]
    public void TheIntervalOfAMeanError_StaysWithin0To100Percent()
    {
        // Two seeds near chance: the t-interval (12.706 · 20/√2 ≈ 180 points wide) runs past both ends of the range.
        var b = Budget(1000, Row("moonshine", 1, 70), Row("moonshine", 2, 90), Row("blockswap", 1, 1), Row("blockswap", 2, 3));
        var chance = b.Methods.Single(m => m.Method == "moonshine").MeanInterval;
        Assert.Equal((80.0, 0.0, 100.0), (chance.Value, chance.Lower, chance.Upper));
        var low = b.Methods.Single(m => m.Method == "blockswap").MeanInterval;
        Assert.Equal(0, low.Lower);
        Assert.Equal(2 + 12.706205, low.Upper, 5);   // t(0.975, 1) · SD √2 / √2
    }

    [Fact]
    public void Analysis_PairsBySeed_CorrectsOverBudgets_AndJudgesAgainstTheMargin()
    {
        // Budget 1: the pick better at every seed by about a point; budget 2: level within ±0.1; budget 3: one seed only.
        var b1 = Budget(1000, Row("blockswap", 1, 10.0, latency: 0.2), Row("moonshine", 1, 11.1, latency: 0.4), Row("blockswap", 2, 10.2, latency: 0.3),
            Row("moonshine", 2, 11.0, latency: 0.4), Row("blockswap", 3, 10.1, latency: 0.2), Row("moonshine", 3, 11.2, latency: 0.4),
            Row("random", 1, 10.5), Row("random", 3, 10.6), Row("moonshine", 4, 11.0));
        var b2 = Budget(2000, Row("blockswap", 1, 8.00), Row("moonshine", 1, 8.05), Row("blockswap", 2, 8.10), Row("moonshine", 2, 8.02),
            Row("blockswap", 3, 7.95), Row("moonshine", 3, 8.00), Row("blockswap", 4, 8.03), Row("moonshine", 4, 8.01));
        var b3 = Budget(4000, Row("blockswap", 1, 7.0), Row("moonshine", 1, 7.5));
        var a = RunAnalysis.Of([b1, b2, b3], margin: 0.25);

        var c1 = a.PickVersusMoonshine.Single(c => c.Budget == 1000);
        Assert.Equal(3, c1.Comparison.Pairs); // moonshine's seed 4 has no pick to pair with
        Assert.Equal((-1.1 - 0.8 - 1.1) / 3, c1.Comparison.Mean, 12);
        var c2 = a.PickVersusMoonshine.Single(c => c.Budget == 2000);
        // Holm over the two budgets with an interval (the one-seed budget has no p): the smaller p doubled, the larger kept if larger.
        var raw = new[] { c1.Comparison.TTestP, c2.Comparison.TTestP };
        Assert.Equal(Significance.Holm(raw), new[] { c1.AdjustedP, c2.AdjustedP });
        Assert.Equal(Math.Min(1, 2 * c1.Comparison.TTestP), c1.AdjustedP, 12);
        Assert.Equal(Verdict.Better, c1.Verdict);
        Assert.Equal(Verdict.Equal, c2.Verdict);
        Assert.True(Verdicts.WithinMargin(c2.Comparison.Interval, 0.25));
        var c3 = a.PickVersusMoonshine.Single(c => c.Budget == 4000);
        Assert.Equal(Verdict.CannotTell, c3.Verdict);
        Assert.Equal("one seed: no interval", c3.Words);

        // Pooled over the budgets with at least two pairs.
        Assert.NotNull(a.Pooled);
        Assert.Equal(2, a.Pooled!.Comparisons);
        Assert.Equal((c1.Comparison.Mean + c2.Comparison.Mean) / 2, a.Pooled.Mean, 12);

        // Against random: only the seeds random has (1 and 3), unadjusted.
        var r = a.VersusRandom.Single(c => c.Budget == 1000 && c.Method == "blockswap");
        Assert.Equal(2, r.Comparison.Pairs);
        Assert.Equal(((10.0 - 10.5) + (10.1 - 10.6)) / 2, r.Comparison.Mean, 12);
        Assert.Equal(r.Comparison.TTestP, r.AdjustedP);

        // Latency: the geometric mean of the per-seed ratios 0.5, 0.75, 0.5.
        var l = a.LatencyRatios.Single();
        Assert.Equal(1000, l.Budget);
        Assert.Equal(3, l.Seeds);
        Assert.Equal(Math.Pow(0.5 * 0.75 * 0.5, 1.0 / 3), l.Batch1.Value, 10);
        Assert.Equal(l.Batch1.Value, l.BatchLarge.Value, 10);
    }

    [Fact]
    public void TheLatencyRatio_CarriesTheTimingNoiseOfTheMoonshineNetworkEverySeedShares()
    {
        // Three steady picks (2.5 ms) over one Moonshine network timed once for all seeds, whose rounds swing between 4
        // and 6 ms: every seed's ratio is 0.5 at the median, and the interval spans what Moonshine's median could be.
        var moonshine = Timed(5, [4, 6, 4, 6, 6, 4, 4, 6, 6, 4, 4, 6]);
        var rows = Enumerable.Range(1, 3).SelectMany(seed => new[] { Row("blockswap", seed, 10, latency: 2.5), Row("moonshine", seed, 11) with { Genotype = "DConvA8", Latency = moonshine } });
        var l = RunAnalysis.Of([Budget(1000, rows.ToArray())], 0.25).LatencyRatios.Single();
        Assert.Equal(0.5, l.Batch1.Value, 12);
        Assert.Equal(2.5 / 6, l.Batch1.Lower, 9);
        Assert.Equal(2.5 / 4, l.Batch1.Upper, 9);
        Assert.Equal(0.5, l.BatchLarge.Value, 12);
    }

    [Fact]
    public void LatencyCsv_HoldsEveryRoundOfEachDistinctNetworkOnce()
    {
        var shared = Timed(0.4, [0.4, 0.5, 0.3]);
        var b = Budget(1000, Row("blockswap", 1, 10) with { Genotype = "Conv,DConv", Latency = Timed(0.2, [0.2, 0.25, 0.1]) },
            Row("moonshine", 1, 11) with { Genotype = "DConvA8", Latency = shared }, Row("moonshine", 2, 11) with { Genotype = "DConvA8", Latency = shared },
            Row("random", 1, 12));
        var report = new RunReport
        {
            Architecture = "wrn-16-1", Dataset = "d", Recipe = "r", Proxy = "fisher", Teacher = Row("teacher", 1, 9), Budgets = [b], Device = "cpu",
            Analysis = RunAnalysis.Of([b], 0.25),
        };
        var lines = LatencyRoundsCsv.Text(report)!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(x => x.TrimEnd('\r')).ToArray();
        Assert.Equal("network,batch,round,ms", lines[0]);
        Assert.Equal(1 + 2 * 2 * 3, lines.Length); // two timed networks (Moonshine once), two batch sizes, three rounds
        Assert.Equal(["\"Conv,DConv\",1,1,0.2", "\"Conv,DConv\",1,2,0.25", "\"Conv,DConv\",1,3,0.1", "\"Conv,DConv\",32,1,2"], lines[1..5]);
        Assert.Equal("DConvA8,32,3,3", lines[^1]);
        Assert.Null(LatencyRoundsCsv.Text(report with { Budgets = [Budget(1000, Row("random", 1, 12))] }));
    }

    [Fact]
    public void Markdown_CarriesTheVerdictsThePooledEstimateAndTheLatencyRatios()
    {
        var b1 = Budget(1000, Row("blockswap", 1, 10.0, latency: 0.2), Row("moonshine", 1, 11.1, latency: 0.4), Row("blockswap", 2, 10.2, latency: 0.2),
            Row("moonshine", 2, 11.0, latency: 0.4), Row("blockswap", 3, 10.1, latency: 0.2), Row("moonshine", 3, 11.2, latency: 0.4));
        var b2 = Budget(2000, Row("blockswap", 1, 24.80), Row("moonshine", 1, 23.65));
        var report = new RunReport
        {
            Architecture = "wrn-16-1", Dataset = "d", Recipe = "r", Proxy = "fisher", Teacher = Row("teacher", 1, 9), Budgets = [b1, b2], Device = "cpu",
            Analysis = RunAnalysis.Of([b1, b2], 0.25), LatencyLoad = new BlockSwap.Foundation.Runtime.MachineLoad(200, 2, 0.49, 0.01),
        };
        var md = ReportWriter.Markdown(report, []);
        Assert.Contains("- While latency was timed, other processes used 49 % of the machine's 2 CPUs and other guests (steal) 1 % over the 200 s of timing: NOT quiet", md);
        Assert.Contains("| 1,000 | 3 | -1.00 |", md);
        Assert.Contains("| better |", md);
        Assert.Contains("one seed: no interval", md);
        Assert.Contains("**pooled**", md);
        Assert.Contains("| 1,000 | 3 | 0.50 [0.50, 0.50] |", md);
        Assert.DoesNotContain("At equal error the pick ran faster", md); // at budget 1,000 the pick is better, not equal
        Assert.DoesNotContain("24.80 ± 0.00", md); // one seed prints no spread
        Assert.Contains("| blockswap | 1 | 24.80 |", md);
    }

    [Fact]
    public void TheFewSeedsCaveat_NamesOnlyTheMethodsItConcerns()
    {
        RunReport Two(params BudgetReport[] budgets) => new()
        {
            Architecture = "wrn-16-1", Dataset = "d", Recipe = "r", Proxy = "fisher", Teacher = Row("teacher", 1, 9), Device = "cpu", Budgets = budgets,
        };
        RunReport Of(params ReportRow[] rows) => Two(Budget(1000, rows));
        var paired = Enumerable.Range(1, 3).SelectMany(s => new[] { Row("blockswap", s, 10 + s), Row("moonshine", s, 11 + s) }).ToArray();

        // Three seeds of the pick and Moonshine beside two of the random baseline: only the random arm is caveated.
        var some = ReportWriter.FewSeeds(Of([.. paired, Row("random", 1, 12), Row("random", 2, 13)]))!;
        Assert.Contains("random has 2 seeds a budget: a 95 % t-interval from two seeds spans ±12.7 standard errors", some);
        Assert.Contains("so its means and comparisons there are side results that rank nothing. The other intervals stand. `--random-seeds 3` or more", some);
        Assert.DoesNotContain("per method", some);
        Assert.Contains(some, ReportWriter.Markdown(Of([.. paired, Row("random", 1, 12), Row("random", 2, 13)]), []));

        // Two seeds at one budget, one at another: the most it has, said as such.
        Assert.Contains("random has at most 2 seeds a budget",
            ReportWriter.FewSeeds(Two(Budget(1000, [.. paired, Row("random", 1, 12), Row("random", 2, 13)]), Budget(2000, [.. paired, Row("random", 1, 12)])))!);
        // Short at one budget only: that budget is named, and the seeds it has elsewhere do not count.
        var threeRandom = Enumerable.Range(1, 3).Select(s => Row("random", s, 12)).ToArray();
        Assert.Contains("random has 2 seeds at budget 1,000: ",
            ReportWriter.FewSeeds(Two(Budget(1000, [.. paired, Row("random", 1, 12), Row("random", 2, 13)]), Budget(2000, [.. paired, .. threeRandom])))!);

        // One seed of everything (a demo-length run): the whole run's caveat.
        Assert.Contains("With fewer than three seeds per method there is no usable interval",
            ReportWriter.FewSeeds(Of(Row("blockswap", 1, 10), Row("moonshine", 1, 11), Row("random", 1, 12)))!);
        // Enough seeds everywhere: no caveat at all.
        Assert.Null(ReportWriter.FewSeeds(Of(paired)));
    }

    [Fact]
    public void Pairs_AreFormedOnlyOfTrainingsMadeAlike_AndTheReportNamesTheRest()
    {
        const string avx2 = "1 thread, AMD EPYC (family 23 model 49 stepping 0), libtorch 2.10.0";
        const string avx512 = "1 thread, AMD EPYC (family 25 model 17 stepping 1), libtorch 2.10.0";
        ReportRow On(ReportRow r, string? setup) => r with { MadeOn = setup };
        // Seed 3's pick ran on another CPU than its Moonshine pair: its difference (−5) must not enter the comparison.
        // A row that does not say how it was made (an older result) pairs with anything.
        var b = Budget(1000, On(Row("blockswap", 1, 10.0), avx2), On(Row("moonshine", 1, 11.0), avx2),
            On(Row("blockswap", 2, 10.5), avx2), On(Row("moonshine", 2, 11.0), avx2),
            On(Row("blockswap", 3, 6.0), avx2), On(Row("moonshine", 3, 11.0), avx512),
            On(Row("blockswap", 4, 10.2), avx512), On(Row("moonshine", 4, 11.0), null),
            On(Row("random", 3, 12.0), avx512));
        var a = RunAnalysis.Of([b], 0.25);
        var c = a.PickVersusMoonshine.Single();
        Assert.Equal(3, c.Comparison.Pairs);
        Assert.Equal((-1.0 - 0.5 - 0.8) / 3, c.Comparison.Mean, 12);
        // Moonshine − random at seed 3 was made alike (both on the AVX-512 CPU); the pick − random pair was not.
        Assert.DoesNotContain(a.VersusRandom, v => v.Method == "blockswap");
        Assert.Equal(1, a.VersusRandom.Single(v => v.Method == "moonshine").Comparison.Pairs);
        Assert.Equal([new UnlikePair(1000, "blockswap", "moonshine", 3, avx2, avx512), new UnlikePair(1000, "blockswap", "random", 3, avx2, avx512)], a.LeftOut);

        var report = new RunReport
        {
            Architecture = "wrn-16-1", Dataset = "d", Recipe = "r", Proxy = "fisher", Teacher = On(Row("teacher", 1, 9), avx2), Budgets = [b], Device = "cpu",
            Analysis = a,
        };
        var md = ReportWriter.Markdown(report, []);
        Assert.Contains($"- Trained with 2 setups, which round differently: {avx2} (6 trainings); {avx512} (3 trainings)", md);
        Assert.Contains("- Left out of the paired comparisons, their two trainings made on different setups: budget 1,000 seed 3 (blockswap − moonshine); " +
                        "budget 1,000 seed 3 (blockswap − random).", md);
        // One setup: said once, nothing left out.
        var alike = Budget(1000, On(Row("blockswap", 1, 10.0), avx2), On(Row("moonshine", 1, 11.0), avx2));
        var one = ReportWriter.Markdown(report with { Budgets = [alike], Analysis = RunAnalysis.Of([alike], 0.25) }, []);
        Assert.Contains($"- Trained with: {avx2} (every training)", one);
        Assert.DoesNotContain("Left out", one);
    }

    [Fact]
    public void ReportJson_NamesEachVerdict_AsTheMarkdownWordsIt()
    {
        var b1 = Budget(1000, Row("blockswap", 1, 10.0), Row("moonshine", 1, 11.1), Row("blockswap", 2, 10.2),
            Row("moonshine", 2, 11.0), Row("blockswap", 3, 10.1), Row("moonshine", 3, 11.2));
        var b2 = Budget(2000, Row("blockswap", 1, 24.80), Row("moonshine", 1, 23.65));
        var analysis = RunAnalysis.Of([b1, b2], 0.25);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(analysis, BlockSwap.Foundation.IO.JsonFormats.Indented));
        var verdicts = json.RootElement.GetProperty("pickVersusMoonshine").EnumerateArray().Select(c => c.GetProperty("verdict").GetString()).ToArray();
        Assert.Equal(new[] { "better", "cannot-tell" }, verdicts);
        Assert.Equal("better", json.RootElement.GetProperty("pooledVerdict").GetString());
        Assert.Equal(Verdict.CannotTell, JsonSerializer.Deserialize<Verdict>("\"cannot-tell\""));
    }
}
