using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Search;

public class SearchTests
{
    private static SearchSettings Settings(int samples = 5, string proxy = "fisher", int shard = 0, int shards = 1) => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16),
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000, Window = 0.1 },
        Samples = samples,
        Ranking = BlockSwap.Methods.Scoring.ProxyRanking.Parse(proxy),
        BatchSize = 16,
        Seed = 11,
        Dataset = "synthetic",
        ShardIndex = shard,
        ShardCount = shards,
    };

    private static DataSplits Data() => SyntheticData.Create(10, 3, 16, 64, 16, seed: 2);

    private static string TempDir() => Scratch.Folder("bs-search-");

    private static string[] Rows(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "candidates.csv")).Skip(1).Select(l => l[..l.LastIndexOf(',')]).ToArray(); // drop timing

    [Fact]
    public void Window_IsStrict()
    {
        var w = new BudgetWindow(800_000, 0.025);
        Assert.False(w.Contains(780_000));
        Assert.False(w.Contains(820_000));
        Assert.True(w.Contains(780_001));
        Assert.True(w.Contains(819_999));
    }

    [Fact]
    public void Sampler_AcceptsOnlyInWindowGenotypesOfThe23Types()
    {
        var arch = Architecture.WideResNet(40, 2);
        var window = new BudgetWindow(400_000, 0.025);
        var list = new CandidateSampler(arch).Sample(window, 200, seed: 3).Genotypes;
        Assert.Equal(200, list.Count);
        foreach (var g in list)
        {
            Assert.Equal(18, g.Count);
            Assert.All(g.Blocks, t => Assert.True(t.Sampled));
            Assert.True(window.Contains(new NetworkSpec(arch, g).ToPlan().Parameters));
        }
        Assert.Equal(list.Select(g => g.ToString()), new CandidateSampler(arch).Sample(window, 200, seed: 3).Genotypes.Select(g => g.ToString()));
    }

    [Fact]
    public void Sampler_ReportsUnreachableAndTooRareBudgets()
    {
        var sampler = new CandidateSampler(Architecture.WideResNet(40, 2));
        Assert.Equal(84_410, sampler.MinParameters);
        Assert.Equal(2_243_546, sampler.MaxParameters);
        var e = Assert.Throws<BlockSwapException>(() => sampler.Sample(new BudgetWindow(3_000_000, 0.025), 1, 1));
        Assert.Contains("84,410..2,243,546", e.Message);
        var rare = Assert.Throws<BlockSwapException>(() => sampler.Sample(new BudgetWindow(1_600_000, 0.025), 10, 1, maxDraws: 100_000));
        Assert.Contains("reachable", rare.Message);
    }

    [Fact]
    public void SameSeed_GivesSameBestJson_AndBestIsArgmax()
    {
        using var data = Data();
        var a = TempDir();
        var b = TempDir();
        var ra = SearchRunner.Run(Settings(), data, CPU, a, resume: false);
        SearchRunner.Run(Settings(), data, CPU, b, resume: false);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "best.json")), File.ReadAllText(Path.Combine(b, "best.json")));
        Assert.Equal(Rows(a), Rows(b));
        Assert.Equal(ra.Candidates.Max(c => c.Proxies["fisher"]), ra.Best.Score);
        Assert.StartsWith(",index,convs,fisher\n0,0,\"['", File.ReadAllText(Path.Combine(a, "best.csv")));
        Assert.DoesNotContain("'type'", File.ReadAllText(Path.Combine(a, "best.csv")));
    }

    [Fact]
    public void InterruptedThenResumed_EqualsUninterrupted()
    {
        using var data = Data();
        var full = TempDir();
        SearchRunner.Run(Settings(), data, CPU, full, resume: false);

        var part = TempDir();
        using var cts = new CancellationTokenSource();
        var stopAfterTwo = new StopAfter(2, cts);
        Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(Settings(), data, CPU, part, resume: false, stopAfterTwo, cts.Token));
        Assert.Equal(2, Rows(part).Length);
        // A kill mid-write leaves a partial line; resume must drop it.
        File.AppendAllText(Path.Combine(part, "candidates.csv"), "2,\"Conv,Co");
        SearchRunner.Run(Settings(), data, CPU, part, resume: true);
        Assert.Equal(Rows(full), Rows(part));
        Assert.Equal(File.ReadAllText(Path.Combine(full, "best.json")), File.ReadAllText(Path.Combine(part, "best.json")));
    }

    [Fact]
    public void SeveralInits_CombineIndependentScores_AndResumeAndShardLikeOne()
    {
        using var data = Data();
        var settings = Settings(samples: 4) with { Inits = 3 };
        var full = TempDir();
        var result = SearchRunner.Run(settings, data, CPU, full, resume: false);

        // Candidate 1's combined score is the geometric mean of its scores at three initialisations, each recomputed
        // here from its own seeds: the first is exactly the one-init search's.
        var arch = settings.Architecture;
        var c1 = result.Candidates.Single(c => c.Index == 1);
        var loader = new BatchLoader(data.Train, settings.BatchSize, settings.Seed, CPU, layout: settings.Layout);
        var single = new double[3];
        for (int k = 0; k < 3; k++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = loader.RandomBatch(k == 0 ? BlockSwap.Foundation.Runtime.Seeds.Derive(settings.Seed, "batch", 1) : BlockSwap.Foundation.Runtime.Seeds.Derive(settings.Seed, "batch", 1, k));
            using var net = new BlockSwapNetwork(new NetworkSpec(arch, c1.Genotype).ToPlan(),
                k == 0 ? BlockSwap.Foundation.Runtime.Seeds.Derive(settings.Seed, "init", 1) : BlockSwap.Foundation.Runtime.Seeds.Derive(settings.Seed, "init", 1, k));
            net.Compute.Layout = settings.Layout;
            single[k] = new BlockSwap.Methods.Scoring.FisherPotential().Score(net, x, y).Value;
        }
        Assert.Equal(Math.Exp(single.Average(Math.Log)), c1.Proxies["fisher"], 10);
        var one = SearchRunner.Run(Settings(samples: 4), data, CPU, TempDir(), resume: false);
        Assert.Equal(single[0], one.Candidates.Single(c => c.Index == 1).Proxies["fisher"], 12);
        Assert.Equal(-1.5, CandidateScorer.Combine([-1.0, -2.0]));     // not all positive: the mean

        var part = TempDir();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(settings, data, CPU, part, resume: false, new StopAfter(2, cts), cts.Token));
        SearchRunner.Run(settings, data, CPU, part, resume: true);
        Assert.Equal(Rows(full), Rows(part));
        var s0 = TempDir();
        var s1 = TempDir();
        SearchRunner.Run(settings with { ShardIndex = 0, ShardCount = 2 }, data, CPU, s0, resume: false);
        SearchRunner.Run(settings with { ShardIndex = 1, ShardCount = 2 }, data, CPU, s1, resume: false);
        var merged = TempDir();
        SearchRunner.Merge([s0, s1], merged);
        Assert.Equal(Rows(full), Rows(merged));
        Assert.Throws<BlockSwapException>(() => (settings with { Inits = 0 }).Validate());
    }

    [Fact]
    public void ShardsMerged_EqualTheWholeSearch()
    {
        using var data = Data();
        var full = TempDir();
        SearchRunner.Run(Settings(), data, CPU, full, resume: false);
        var s0 = TempDir();
        var s1 = TempDir();
        SearchRunner.Run(Settings(shard: 0, shards: 2), data, CPU, s0, resume: false);
        SearchRunner.Run(Settings(shard: 1, shards: 2), data, CPU, s1, resume: false);
        Assert.Equal(2, Rows(s0).Length);
        var merged = TempDir();
        SearchRunner.Merge([s0, s1], merged);
        Assert.Equal(Rows(full), Rows(merged));
        Assert.Equal(File.ReadAllText(Path.Combine(full, "best.json")), File.ReadAllText(Path.Combine(merged, "best.json")));
    }

    [Fact]
    public void ProxyAll_RecordsEveryProxy_AndRanksByFisher()
    {
        using var data = Data();
        var dir = TempDir();
        var r = SearchRunner.Run(Settings(samples: 2, proxy: "all"), data, CPU, dir, resume: false);
        var header = File.ReadLines(Path.Combine(dir, "candidates.csv")).First();
        Assert.Equal("index,blocks,params,macs,latency_pred_ms,latency_ms,score,proxy_fisher,proxy_synflow,proxy_snip,proxy_grad-norm,proxy_naswot,proxy_jacob_cov,proxy_zico,proxy_zen,proxy_meco,proxy_params,seconds", header);
        Assert.Equal(r.Candidates.Select(c => c.Proxies["fisher"]), r.Scores);
        // One name per column: the count and the params proxy no longer share a header.
        Assert.Equal(header.Split(',').Length, header.Split(',').Distinct().Count());
        // The table reads back to the same values.
        var back = CandidateTable.Read(Path.Combine(dir, "candidates.csv"), r.Settings.Proxies.Select(p => p.Name).ToArray());
        Assert.Equal(r.Candidates.Select(c => c.Proxies["zico"]), back.Select(c => c.Proxies["zico"]));
    }

    [Fact]
    public void ExistingOutputWithoutResume_IsRefused()
    {
        using var data = Data();
        var dir = TempDir();
        SearchRunner.Run(Settings(samples: 1), data, CPU, dir, resume: false);
        var e = Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Settings(samples: 1), data, CPU, dir, resume: false));
        Assert.Contains("resume that search", e.Message);
        var other = Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Settings(samples: 2), data, CPU, dir, resume: true));
        Assert.Contains("different search", other.Message);
    }

    private sealed class StopAfter(int n, CancellationTokenSource cts) : ISearchProgress
    {
        private int count;
        public void Started(int toScore, int alreadyScored) { }
        public void Scored(CandidateResult result) { if (++count >= n) cts.Cancel(); }
    }
}
