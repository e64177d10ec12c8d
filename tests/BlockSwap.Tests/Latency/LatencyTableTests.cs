using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using static BlockSwap.Tests.TinySetup;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Latency;

public class LatencyTableTests
{
    private static readonly BlockType[] Types = new[] { "Conv", "DConv", "G4B2", "ConvB2" }.Select(BlockCatalogue.Get).ToArray();
    private static readonly MachineFingerprint ThisMachine = new("test machine A");

    private static LatencyTableCache TempCache() => new(Scratch.Folder("bs-latency-"));

    [Fact]
    public void Cache_IsReused_AndNeverUsedForAnotherMachineOrThreadCount()
    {
        var cache = TempCache();
        var first = cache.GetOrMeasure(Arch, Quick, ThisMachine, Types);
        Assert.False(first.FromCache);
        Assert.Equal(Arch.Positions.Count * Types.Length, first.BlockCount); // every type fits every WRN-10-1 position
        var again = cache.GetOrMeasure(Arch, Quick, ThisMachine, Types);
        Assert.True(again.FromCache);
        var plan = new NetworkSpec(Arch, new Genotype([Types[0], Types[1], Types[2]])).ToPlan();
        Assert.Equal(first.Predict(plan), again.Predict(plan)); // the stored values, bit for bit
        Assert.Equal(first.OverheadMs, again.OverheadMs);

        var otherMachine = cache.GetOrMeasure(Arch, Quick, new MachineFingerprint("test machine B"), Types);
        Assert.False(otherMachine.FromCache);
        var twoThreads = cache.GetOrMeasure(Arch, Quick with { Threads = 2 }, ThisMachine, Types);
        Assert.False(twoThreads.FromCache);
        Assert.Equal(3, Directory.GetFiles(cache.Directory, "*.json").Length);
        // A file renamed to another machine's name is refused by its key, not trusted by its name.
        File.Copy(cache.PathFor(Arch, Quick, ThisMachine), cache.PathFor(Arch, Quick, new MachineFingerprint("test machine C")));
        Assert.Null(LatencyTable.Load(cache.PathFor(Arch, Quick, new MachineFingerprint("test machine C")), Arch, Quick, new MachineFingerprint("test machine C")));
    }

    [Fact]
    public void Survey_ListsEverySampledTypeAtEveryPosition_AndChecksWholeNetworks()
    {
        var cache = TempCache();
        var sample = new CandidateSampler(Arch).Sample(new SearchLimits(), 2, 3, WrapperPolicy.PerBlock).Genotypes;
        var stages = new List<string>();
        var first = LatencySurvey.Run(Arch, Quick, sample, seed: 3, cache: cache, stage: stages.Add);
        Assert.False(first.FromCache);
        Assert.Equal(["timing the pieces", "timing whole networks"], stages);
        Assert.Equal(BlockCatalogue.Sampled.Select(t => t.Name), first.Blocks.Select(r => r.Type));
        Assert.All(first.Blocks, r => Assert.Equal(Arch.Positions.Count, r.Ms.Count));
        // A time where the type can stand, none where it cannot (at WRN-10-1's narrow first group some grouped types
        // cannot). A time is a difference of timings, so a tiny block may come out at 0 or below: only presence is checked.
        foreach (var (row, type) in first.Blocks.Zip(BlockCatalogue.Sampled))
            Assert.Equal(Arch.Positions.Select(p => type.IsValid(p.In, p.Out)), row.Ms.Select(ms => ms is not null));
        Assert.Equal(sample, first.Check.Select(c => c.Genotype));
        Assert.Equal(2, first.Error!.Networks);
        Assert.Equal(cache.PathFor(Arch, Quick, MachineFingerprint.Current), first.Cache);
        var again = LatencySurvey.Run(Arch, Quick, [], seed: 3, cache: cache);
        Assert.True(again.FromCache);
        Assert.Equal(first.Blocks.SelectMany(r => r.Ms), again.Blocks.SelectMany(r => r.Ms));   // the cached values
        Assert.Empty(again.Check);
        Assert.Null(again.Error);
        Assert.False(LatencySurvey.Run(Arch, Quick, [], seed: 3, remeasure: true, cache: cache).FromCache);
    }

    [Fact]
    public void EditedOrDamagedTables_AreRefused_AndTheCacheMeasuresAgain()
    {
        var cache = TempCache();
        var first = cache.GetOrMeasure(Arch, Quick, ThisMachine, Types);
        var path = cache.PathFor(Arch, Quick, ThisMachine);
        var text = File.ReadAllText(path);
        var edited = System.Text.RegularExpressions.Regex.Replace(text, "\"stemMs\": [0-9.Ee-]+", "\"stemMs\": 0.0001");
        Assert.NotEqual(text, edited);
        File.WriteAllText(path, edited);
        var e = Assert.Throws<DamagedLatencyTableException>(() => LatencyTable.Load(path, Arch, Quick, ThisMachine));
        Assert.Contains("checksum", e.Message);
        Assert.False(cache.GetOrMeasure(Arch, Quick, ThisMachine, Types).FromCache);   // measured again, not trusted
        File.WriteAllText(path, "{ not json");
        Assert.Contains("not valid JSON", Assert.Throws<DamagedLatencyTableException>(() => LatencyTable.Load(path, Arch, Quick, ThisMachine)).Message);
    }

    [Fact]
    public void Prediction_IsFixedCostPlusPieces_AndMissingPiecesAreTimedOnce()
    {
        var table = LatencyTable.Measure(Arch, Quick, ThisMachine, Types);
        table.Save(Path.Combine(Scratch.Folder("bs-latency-"), "t.json"));
        Assert.False(table.Changed);
        var plan = new NetworkSpec(Arch, new Genotype([Types[1], Types[3], Types[2]])).ToPlan();
        Assert.Equal(table.OverheadMs + table.StemMs + table.HeadMs + plan.Blocks.Sum(table.Block), table.Predict(plan));
        Assert.All(plan.Blocks, b => Assert.True(table.Block(b) >= 0));
        Assert.Throws<ArgumentException>(() => table.Predict(NetworkPlan.Uniform(Architecture.WideResNet(16, 1, inputSize: 16), Types[0])));
        // Group-first gives a ConvB2 after a Conv in its group the Conv's Basic wrapper, a piece not measured up front.
        var wrn16 = Architecture.WideResNet(16, 1, classes: 10, inChannels: 3, inputSize: 16);
        table = LatencyTable.Measure(wrn16, Quick, ThisMachine, Types);
        Assert.Equal(WrapperKind.Bottle, Types[3].Wrapper);
        var groupFirst = new NetworkSpec(wrn16, new Genotype([Types[0], Types[3], Types[0], Types[3], Types[3], Types[3]]), WrapperPolicy.GroupFirst).ToPlan();
        Assert.Equal(WrapperKind.Basic, groupFirst.Blocks[1].Wrapper);
        int before = table.BlockCount;
        double predicted = table.Predict(groupFirst);
        Assert.True(table.Changed);
        Assert.True(table.BlockCount > before);
        Assert.Equal(before + 2, table.BlockCount); // blocks 1 and 3: ConvB2 with a Basic wrapper at two positions
        Assert.Equal(predicted, table.Predict(groupFirst));
    }

    [Fact]
    public void UnreachableLatencyLimit_NamesTheLimit_AndAcceptedCandidatesMeetIt()
    {
        var table = LatencyTable.Measure(Arch, Quick, ThisMachine, BlockCatalogue.Sampled);
        var sampler = new CandidateSampler(Arch);
        var e = Assert.Throws<BlockSwapException>(() => sampler.Sample(new SearchLimits(MaxLatencyMs: 1e-6), 1, 1, WrapperPolicy.PerBlock, table));
        Assert.Contains("latency limit 1E-06 ms is unreachable on wrn-10-1", e.Message);
        Assert.Contains("raise the latency limit", e.Message);
        // A limit at the median of unlimited candidates keeps only (and, in draw order, exactly) those under it.
        var free = sampler.Sample(new SearchLimits(), 60, seed: 5, WrapperPolicy.PerBlock).Genotypes;
        var predicted = free.Select(g => table.Predict(new NetworkSpec(Arch, g).ToPlan())).ToArray();
        double limit = predicted.Order().ElementAt(30);
        var limited = sampler.Sample(new SearchLimits(MaxLatencyMs: limit), 10, seed: 5, WrapperPolicy.PerBlock, table).Genotypes;
        Assert.All(limited, g => Assert.True(table.Predict(new NetworkSpec(Arch, g).ToPlan()) <= limit));
        Assert.Equal(free.Where((g, i) => predicted[i] <= limit).Take(10).Select(g => g.ToString()), limited.Select(g => g.ToString()));
    }

    [Fact]
    public void PredictionError_IsComputedFromPairs()
    {
        var g = new Genotype([Types[0], Types[0], Types[0]]);
        var error = LatencyPredictionError.Of([new(g, 1.1, 1.0), new(g, 1.8, 2.0), new(g, 3.0, 3.0)]);
        Assert.Equal(3, error.Networks);
        Assert.Equal((10.0 - 10.0 + 0) / 3, error.MeanErrorPercent, 9);
        Assert.Equal(20.0 / 3, error.MeanAbsErrorPercent, 9);
        Assert.Equal(10.0, error.MaxAbsErrorPercent, 9);
        Assert.Equal(1.0, error.Spearman, 12);
    }

    [Fact]
    public void Search_WithALatencyLimit_PredictsEveryRow_MeasuresTheChecksAndTheWinner_AndResumes()
    {
        using var data = SyntheticData.Create(10, 3, 16, 64, 16, seed: 2);
        var cache = TempCache();
        var table = cache.GetOrMeasure(Arch, Quick, MachineFingerprint.Current);
        var free = new CandidateSampler(Arch).Sample(new SearchLimits(new BudgetWindow(60_000, 0.1)), 40, 11, WrapperPolicy.PerBlock).Genotypes;
        double limit = free.Select(g => table.Predict(new NetworkSpec(Arch, g).ToPlan())).Order().ElementAt(20);
        var settings = new SearchSettings
        { Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000, Window = 0.1, MaxLatencyMs = limit },
            Architecture = Arch, Latency = Quick, LatencyChecks = 2,
            Samples = 4, BatchSize = 16, Seed = 11, Dataset = "synthetic"};
        var dir = Scratch.Folder("bs-search-latency-");
        var result = SearchRunner.Run(settings with { Samples = 4 }, data, CPU, dir, resume: false, latencyCache: cache);
        Assert.True(table.FromCache || File.Exists(cache.PathFor(Arch, Quick, MachineFingerprint.Current)));
        Assert.All(result.Candidates, c => Assert.True(c.PredictedLatencyMs <= limit));
        var rows = CandidateTable.Read(Path.Combine(dir, CandidateTable.FileName), ["fisher"]);
        Assert.All(rows, r => Assert.NotNull(r.PredictedLatencyMs));
        // The checked rows and the winner, whose row carries best.json's very measurement.
        int winner = result.Best.Candidate.Index;
        Assert.Equal(new[] { 0, 1, winner }.Distinct().Order(), rows.Where(r => r.LatencyMs is not null).Select(r => r.Index).Order());
        var best = BlockSwap.Engine.Genotypes.GenotypeFile.Load(Path.Combine(dir, "best.json"));
        Assert.Equal(limit, best.Limits!.MaxLatencyMs);
        Assert.NotNull(best.LatencyMs);
        Assert.Equal(best.LatencyMs!.Value, rows.Single(r => r.Index == winner).LatencyMs!.Value, tolerance: 1e-4);
        Assert.True(File.Exists(Path.Combine(dir, LatencyTableCache.FolderCopy)));
        Assert.NotNull(result.LatencyError);
        // Resuming uses the folder's table even when the cache is gone.
        Directory.Delete(cache.Directory, recursive: true);
        var resumed = SearchRunner.Run(settings, data, CPU, dir, resume: true, latencyCache: cache);
        Assert.Equal(result.Candidates.Select(c => c.Genotype.ToString()), resumed.Candidates.Select(c => c.Genotype.ToString()));
        Assert.False(Directory.Exists(cache.Directory) && Directory.GetFiles(cache.Directory).Length > 0);
    }

    [Fact]
    public void AFolderTableFromAnotherMachine_BlocksResumeOnlyWhereTheCandidatesDependOnIt()
    {
        var cache = TempCache();
        var dir = Scratch.Folder("bs-latency-folder-");
        // The folder's copy was measured elsewhere (a fresh machine of another CPU in a later session).
        cache.GetOrMeasure(Arch, Quick, new MachineFingerprint("the machine that started the search")).Save(Path.Combine(dir, LatencyTableCache.FolderCopy));
        var kept = cache.ForFolder(dir, Arch, Quick, resume: true, candidatesDependOnIt: false);
        Assert.Equal("the machine that started the search", kept.Key.Machine);
        var e = Assert.Throws<BlockSwapException>(() => cache.ForFolder(dir, Arch, Quick, resume: true, candidatesDependOnIt: true));
        Assert.Contains("--max-latency-ms", e.Message);
        // Another setup is never accepted, whatever the machine.
        Assert.Null(LatencyTable.Load(Path.Combine(dir, LatencyTableCache.FolderCopy), Arch, Quick with { Threads = 2 }, MachineFingerprint.Current, anyMachine: true));
    }
}
