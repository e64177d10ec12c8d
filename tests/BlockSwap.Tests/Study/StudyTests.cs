using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Reporting;
using BlockSwap.Methods.Study;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Study;

[Trait("Category", TestCategories.Training)]
public class StudyTests
{
    private static DataSplits Data() => SyntheticData.Create(10, 1, 12, 120, 40, seed: 5);

    private static StudySettings Settings(int shard = 0, int shards = 1) => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 1, inputSize: 12),
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 40_000, Window = 0.3 }, Candidates = 3, Dataset = "synthetic", InitSeeds = 2, TrainSeeds = 2, ScoreBatchSize = 8,
        ValidationImages = 30, Training = new TrainingOptions { Epochs = 1, BatchSize = 30, Lr = 0.05, Seed = 3 },
        ShardIndex = shard, ShardCount = shards,
    };

    private static string Temp() => Scratch.Folder("bs-study-");

    /// <summary>A candidate's content without its timings.</summary>
    private static string Content(StudyCandidate c) =>
        JsonSerializer.Serialize(c with { Trainings = c.Trainings.Select(t => t with { Seconds = 0 }).ToArray() }, JsonFormats.Compact);

    /// <summary>
    /// Five sampled candidates whose Fisher scores rank them exactly by accuracy at every init, and one Moonshine network
    /// with the best error and the worst score: it stays out of the correlations and is reported beside them.
    /// </summary>
    [Fact]
    public void Analysis_KeepsMoonshineApart_AndMeasuresAgainstChanceAndNoise()
    {
        var names = BlockSwap.Methods.Scoring.ProxyRegistry.All.Select(p => p.Name).ToArray();
        double[] errors = [20, 21, 22, 23, 24];
        StudyCandidate Make(int i, double error, double fisher, string? moonshine, string? extra = null) => new()
        {
            Index = i, Genotype = StudyRunner.Entries(Settings())[0].Genotype, Moonshine = moonshine, Extra = extra, Params = 1000 + i, Macs = 5000 - i,
            Scores = new[] { 0, 1 }.Select(k => (IReadOnlyDictionary<string, double>)names.ToDictionary(n => n, n => n == "fisher" ? fisher * (k + 1) : n == "params" ? 1000 + i : (i * 7 + k) % 5)).ToArray(),
            Trainings = [new StudyTraining(1, error - 0.5 + 0.1 * i, error, 1), new StudyTraining(2, error + 0.5 - 0.1 * i, error, 1)],
        };
        var candidates = errors.Select((e, i) => Make(i, e, 10 - i, null)).Append(Make(5, 15, 0.001, "DConvA8")).Append(Make(6, 21.5, 50, null, "evolved")).ToArray();
        var analysis = StudyAnalysis.Of(new StudyResult(Settings(), candidates, candidates.Length), seed: 1);

        var fisher = analysis.Proxies.Single(p => p.Proxy == "fisher");
        Assert.True(fisher.Primary);
        Assert.Equal(1, fisher.Spearman.Value, 12);
        Assert.Equal([1.0, 1.0], fisher.SpearmanPerInit.Select(v => Math.Round(v, 12)));
        Assert.Equal(0, fisher.Regret, 12);
        Assert.Equal(5, analysis.Sampled);
        Assert.Equal(22 - 20, analysis.RandomPickRegret, 12);                     // mean − best of the sampled
        var moon = Assert.Single(analysis.Moonshine);
        Assert.Equal(("DConvA8", 1), (moon.Type, moon.RankAmongSampled));
        Assert.Equal(-1, analysis.Proxies.Single(p => p.Proxy == "params").Spearman.Value, 12);   // bigger is worse here
        Assert.Equal(1, analysis.Proxies.Single(p => p.Proxy == StudyAnalysis.MacsBaseline).Spearman.Value, 12);
        Assert.All(analysis.Proxies.Where(p => !p.Primary && !p.Baseline), p => Assert.False(double.IsNaN(p.HolmP) && !double.IsNaN(p.P)));
        Assert.True(double.IsNaN(fisher.HolmP));
        Assert.NotNull(analysis.Noise);
        Assert.Equal(2, analysis.Noise!.Seeds);
        Assert.Contains(analysis.Verdict, l => l.StartsWith("Moonshine DConvA8 (not in the correlations)"));
        // An extra network stays out of the correlations too (its top Fisher score would otherwise be the pick), with
        // its rank and regret against the sampled candidates: 21.5 % lies behind 20 and 21, 1.5 points above the best.
        var extra = Assert.Single(analysis.Extras);
        Assert.Equal(("evolved", 3, 5), (extra.Label, extra.RankAmongSampled, extra.Sampled));
        Assert.Equal(1.5, extra.Regret, 12);
        Assert.Contains(analysis.Verdict, l => l.StartsWith("Extra network evolved [") && l.Contains("regret is 1.50 points"));
    }

    [Fact]
    public void ExtraNetworks_FollowTheMoonshineNetworks_AndAreChecked()
    {
        var plain = StudyRunner.Entries(Settings());
        var genotype = plain[0].Genotype.ToString();
        var s = Settings() with { Extras = [StudyExtra.Parse($"mine={genotype}"), StudyExtra.Parse("conv=" + string.Join(",", Enumerable.Repeat("Conv", plain[0].Genotype.Count)))] };
        s.Validate();
        var entries = StudyRunner.Entries(s);
        Assert.Equal(plain.Select(e => e.Genotype.ToString()), entries.Take(plain.Count).Select(e => e.Genotype.ToString()));
        Assert.Equal([("mine", genotype), ("conv", entries[^1].Genotype.ToString())], entries.Skip(plain.Count).Select(e => (e.Extra!, e.Genotype.ToString())));
        Assert.Equal([plain.Count, plain.Count + 1], entries.Skip(plain.Count).Select(e => e.Index));
        // A resume must bring the same extras; a loaded copy (another array) is the same study.
        Assert.True(s.SameStudyAs(s with { Extras = s.Extras.ToArray() }));
        Assert.False(s.SameStudyAs(Settings()));
        Assert.Contains("LABEL=GENOTYPE", Assert.Throws<BlockSwapException>(() => StudyExtra.Parse("DConvA8")).Message);
        Assert.Contains("repeat", Assert.Throws<BlockSwapException>(() => (Settings() with { Extras = [StudyExtra.Parse($"a={genotype}"), StudyExtra.Parse($"a={genotype}")] }).Validate()).Message);
        Assert.ThrowsAny<BlockSwapException>(() => (Settings() with { Extras = [StudyExtra.Parse("short=Conv,Conv")] }).Validate());
    }

    [Fact]
    public void CandidateList_IsTheSeededSample_ThenTheMoonshineNetworksInTheWindow()
    {
        var entries = StudyRunner.Entries(Settings());
        Assert.Equal(StudyRunner.Entries(Settings()).Select(e => e.Genotype.ToString()), entries.Select(e => e.Genotype.ToString()));
        Assert.All(entries.Take(3), e => Assert.Null(e.Moonshine));
        var window = new BlockSwap.Engine.Networks.BudgetWindow(40_000, 0.3);
        Assert.All(entries.Skip(3), e =>
        {
            Assert.NotNull(e.Moonshine);
            Assert.True(window.Contains(NetworkPlan.Uniform(Settings().Architecture, BlockSwap.Description.Blocks.BlockCatalogue.Get(e.Moonshine!)).Parameters));
        });
        Assert.True(entries.Count > 3);
    }

    /// <summary>
    /// The last shard of a study with extras may hold no sampled candidate: it must wait for the merge, not fail
    /// (a 75-entry study's shard 8 of 8 failed this way after training its ten networks).
    /// </summary>
    [Fact]
    public void AShardOfOnlyMoonshineAndExtras_CannotBeAnalysed_ButThreeSampledCan()
    {
        var names = BlockSwap.Methods.Scoring.ProxyRegistry.All.Select(p => p.Name).ToArray();
        StudyCandidate Make(int i, string? moonshine, string? extra) => new()
        {
            Index = i, Genotype = StudyRunner.Entries(Settings())[0].Genotype, Moonshine = moonshine, Extra = extra, Params = 1000, Macs = 5000,
            Scores = [names.ToDictionary(n => n, n => (double)i)],
            Trainings = [new StudyTraining(1, 20 + i, 20 + i, 1)],
        };
        StudyCandidate[] others = [Make(10, "DConvA8", null), Make(11, null, "a"), Make(12, null, "b"), Make(13, null, "c")];
        var shard = new StudyResult(Settings(), others, 14);
        Assert.False(shard.CanAnalyse);
        Assert.Contains("at least 3 finished sampled", Assert.Throws<BlockSwapException>(() => StudyAnalysis.Of(shard, seed: 1)).Message);
        var whole = shard with { Candidates = [.. others, Make(0, null, null), Make(1, null, null), Make(2, null, null)] };
        Assert.True(whole.CanAnalyse);
        Assert.Equal(3, StudyAnalysis.Of(whole, seed: 1).Sampled);
    }

    [Fact]
    public void ShardsMerged_EqualOneRun_AndTheReportIsWritten()
    {
        using var data = Data();
        var whole = Temp();
        var full = StudyRunner.Run(Settings(), data, CPU, whole, resume: false);
        var s0 = Temp();
        var s1 = Temp();
        StudyRunner.Run(Settings(0, 2), data, CPU, s0, resume: false);
        StudyRunner.Run(Settings(1, 2), data, CPU, s1, resume: false);
        var merged = StudyRunner.Merge([s0, s1], Temp());
        Assert.Equal(full.Candidates.Select(Content), merged.Candidates.Select(Content));
        Assert.All(full.Candidates, c =>
        {
            Assert.Equal(2, c.Scores.Count);
            Assert.Equal(10, c.Scores[0].Count);
            Assert.Equal(2, c.Trainings.Count);
        });

        var analysis = StudyReportWriter.Write(full, whole);
        foreach (var f in new[] { "report.md", "report.json", "correlations.png", "scatter_fisher.png" })
            Assert.True(File.Exists(Path.Combine(whole, f)), f);
        Assert.Equal(12, analysis.Proxies.Count); // ten proxies, MACs and a random score
        Assert.NotNull(analysis.Noise);
        Assert.Contains("params", File.ReadAllText(Path.Combine(whole, "report.md")));
        Assert.Throws<BlockSwapException>(() => StudyRunner.Merge([whole, Search()], Temp()));
    }

    private static string Search()
    {
        var dir = Temp();
        (Settings() with { Seed = 99 }).Save(dir);
        return dir;
    }

    [Fact]
    public void Interrupted_ThenResumed_GivesTheSameCandidates()
    {
        using var data = Data();
        var full = StudyRunner.Run(Settings(), data, CPU, Temp(), resume: false);
        var dir = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => StudyRunner.Run(Settings(), data, CPU, dir, false, new StopAfter(2, cts), cts.Token));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, StudyRunner.CandidatesFolder), StudyCandidate.FileName, SearchOption.AllDirectories).Length);
        Assert.Contains("already holds a study", Assert.Throws<BlockSwapException>(() => StudyRunner.Run(Settings(), data, CPU, dir, false)).Message);
        Assert.Contains("different study", Assert.Throws<BlockSwapException>(() => StudyRunner.Run(Settings() with { Seed = 4 }, data, CPU, dir, true)).Message);
        var resumed = StudyRunner.Run(Settings(), data, CPU, dir, resume: true);
        Assert.Equal(full.Candidates.Select(Content), resumed.Candidates.Select(Content));
    }

    private sealed class StopAfter(int n, CancellationTokenSource cts) : IStudyProgress
    {
        public void Started(int candidates, int alreadyDone) { }
        public void Stage(string message) { }
        public void CandidateDone(StudyCandidate candidate, int done, int total) { if (done >= n) cts.Cancel(); }
        public ITrainingProgress? Training => null;
    }
}
