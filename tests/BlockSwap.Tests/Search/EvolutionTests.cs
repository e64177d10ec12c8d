using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Search;

/// <summary>Regularised evolution: random first members, valid one-position mutations of tournament winners, seeded and resumable.</summary>
public class EvolutionTests
{
    private static SearchSettings Settings(SearchStrategy strategy = SearchStrategy.Evolution, int samples = 14) => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16),
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000, Window = 0.1 }, Samples = samples, BatchSize = 16, Seed = 11, Dataset = "synthetic",
        Strategy = strategy, Population = 6, Tournament = 3,
    };

    private static DataSplits Data() => SyntheticData.Create(10, 3, 16, 64, 16, seed: 2);
    private static string Temp() => Scratch.Folder("bs-evolution-");

    [Fact]
    public void StartsWithTheRandomDraws_ThenMutatesTournamentWinners_WithinTheLimits()
    {
        using var data = Data();
        var evolved = SearchRunner.Run(Settings(), data, CPU, Temp(), resume: false);
        var random = SearchRunner.Run(Settings(SearchStrategy.Random), data, CPU, Temp(), resume: false);
        var c = evolved.Candidates;
        Assert.Equal(14, c.Count);
        // The population's first members are the random search's first draws, scored alike.
        Assert.Equal(random.Candidates.Take(6).Select(x => (x.Genotype, x.Proxies["fisher"])), c.Take(6).Select(x => (x.Genotype, x.Proxies["fisher"])));
        var sampler = new CandidateSampler(Settings().Architecture);
        for (int i = 6; i < c.Count; i++)
        {
            Assert.True(sampler.Meets(c[i].Genotype, Settings().Limits, WrapperPolicy.PerBlock), $"candidate {i} breaks the limits");
            Assert.InRange(c[i].Params, 54_001, 65_999);
            // A child differs from one member of its population (the last 6 scored) in exactly one position.
            var population = c.Skip(i - 6).Take(6);
            Assert.Contains(population, m => Enumerable.Range(0, m.Genotype.Count).Count(k => m.Genotype[k] != c[i].Genotype[k]) == 1);
        }
        Assert.True(evolved.Best.Score >= c.Take(6).Max(x => x.Proxies["fisher"]));
    }

    [Fact]
    public void IsSeeded_AndAnInterruptedEvolutionResumesToTheSameRows()
    {
        using var data = Data();
        var full = SearchRunner.Run(Settings(), data, CPU, Temp(), resume: false);
        var dir = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(Settings(), data, CPU, dir, resume: false, progress: new StopAfter(9, cts), cancel: cts.Token));
        Assert.Equal(9, File.ReadAllLines(Path.Combine(dir, CandidateTable.FileName)).Length - 1);
        var resumed = SearchRunner.Run(Settings(), data, CPU, dir, resume: true);
        Assert.Equal(full.Candidates.Select(x => (x.Index, x.Genotype, x.Proxies["fisher"])), resumed.Candidates.Select(x => (x.Index, x.Genotype, x.Proxies["fisher"])));
        // A row edited to another genotype is not what the evolution would have chosen there: refused.
        var table = Path.Combine(dir, CandidateTable.FileName);
        var lines = File.ReadAllLines(table);
        lines[10] = lines[10].Replace($"\"{full.Candidates[9].Genotype}\"", $"\"{full.Candidates[0].Genotype}\"");
        File.WriteAllLines(table, lines);
        Assert.Contains("but the search has", Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Settings(), data, CPU, dir, resume: true)).Message);
    }

    [Fact]
    public void NeedsOneProxyAndOneProcess()
    {
        Assert.Contains("needs one ranking proxy", Assert.Throws<BlockSwapException>(() => (Settings() with { Ranking = BlockSwap.Methods.Scoring.ProxyRanking.Parse("ensemble:fisher,snip") }).Validate()).Message);
        Assert.Contains("drop --shard", Assert.Throws<BlockSwapException>(() => (Settings() with { ShardCount = 2 }).Validate()).Message);
        Assert.Contains("--tournament 7 is invalid", Assert.Throws<BlockSwapException>(() => (Settings() with { Tournament = 7 }).Validate()).Message);
    }

    private sealed class StopAfter(int n, CancellationTokenSource cts) : ISearchProgress
    {
        private int count;
        public void Started(int toScore, int alreadyScored) { }
        public void Scored(CandidateResult result) { if (++count >= n) cts.Cancel(); }
    }
}
