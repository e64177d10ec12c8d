using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Distributed;
using BlockSwap.Methods.Latency;
using BlockSwap.Methods.Search;
using static BlockSwap.Tests.TinySetup;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Search;

/// <summary>
/// What a resumed table may hold, the search spread over a job's ranks (run here rank by rank in one process), and
/// the merge of a search that predicts latency.
/// </summary>
public class SearchRunnerTests
{

    private static SearchSettings Settings(int samples = 4) => new()
    {
        Architecture = Arch,
        Limits = new SearchLimits { Budget = 60_000, Window = 0.1 },
        Samples = samples,
        BatchSize = 16,
        Seed = 11,
        Dataset = "synthetic",
    };

    private static DataSplits Data() => SyntheticData.Create(10, 3, 16, 64, 16, seed: 2);

    private static string TempDir() => Scratch.Folder("bs-runner-");

    private static string Table(string dir) => Path.Combine(dir, CandidateTable.FileName);

    private static string[] Rows(string dir) =>
        File.ReadAllLines(Table(dir)).Skip(1).Select(l => l[..l.LastIndexOf(',')]).ToArray(); // drop timing

    /// <summary>Rank <paramref name="rank"/> of a job of <paramref name="size"/>, its collectives done by running the ranks in turn.</summary>
    private sealed class RankInTurn(int rank, int size) : ICommunicator
    {
        public int Rank => rank;
        public int Size => size;
        public string Description => $"rank {rank} of {size}, in turn";
        public void Barrier() { }
        public void AllreduceSum(Span<float> data) => throw new NotSupportedException();
        public void AllreduceSum(Span<double> data) => throw new NotSupportedException();
        public byte[] Broadcast(byte[]? data, int root = 0) => throw new NotSupportedException();
        public byte[][]? Gather(byte[] data, int root = 0) => throw new NotSupportedException();
        public void Abort(int code) => throw new NotSupportedException();
        public void Dispose() { }
    }

    [Fact]
    public void AResumedTable_MayHoldOnlyRowsThisSearchWrites()
    {
        using var data = Data();
        var full = TempDir();
        SearchRunner.Run(Settings(), data, CPU, full, resume: false);
        var rows = File.ReadAllLines(Table(full));
        var shard = Settings() with { ShardIndex = 0, ShardCount = 2 };   // candidates 0..1

        string Refusal(string[] lines, SearchSettings settings)
        {
            var dir = TempDir();
            settings.Save(dir);
            File.WriteAllLines(Table(dir), lines);
            return Assert.Throws<BlockSwapException>(() => SearchRunner.Run(settings, data, CPU, dir, resume: true)).Message.Replace(Table(dir), "T");
        }

        Assert.Equal("T: data row 3 (candidate 2) is outside this search's candidates 0..1; remove the row or run the search again into an empty folder",
            Refusal(rows[..4], shard));
        Assert.Equal("T: data row 3 (candidate 0) appears twice; remove the duplicate row",
            Refusal([.. rows[..3], rows[1]], Settings()));
        // A row is index,"blocks",params,...: the genotype is quoted, its types separated by commas.
        int cut = rows[2].IndexOf("\",", StringComparison.Ordinal) + 2;
        var rest = rows[2][cut..].Split(',');
        long parameters = long.Parse(rest[0]);
        rest[0] = (parameters + 1).ToString();
        Assert.Equal($"T: data row 2 (candidate 1) records {parameters + 1:N0} parameters but its genotype has {parameters:N0}; the table was edited",
            Refusal([rows[0], rows[1], rows[2][..cut] + string.Join(',', rest)], Settings()));
        var moved = "1" + rows[1][rows[1].IndexOf(',')..];   // candidate 0's genotype claimed for candidate 1
        Assert.StartsWith("T: data row 1 (candidate 1) has genotype [", Refusal([rows[0], moved], Settings()));
    }

    [Fact]
    public void OverTheRanksOfAJob_TheSearchWritesWhatOneProcessWrites()
    {
        using var data = Data();
        var full = TempDir();
        SearchRunner.Run(Settings(), data, CPU, full, resume: false);
        var job = TempDir();
        var cache = new LatencyTableCache(TempDir());
        // Rank 1 runs its slice; rank 0 then runs its own and merges both (the barriers hold no one up, run in turn).
        var own = SearchRunner.Run(Settings(), data, CPU, job, resume: false, new RankInTurn(1, 2), latencyCache: cache);
        Assert.Equal([2, 3], own.Candidates.Select(c => c.Index));
        var merged = SearchRunner.Run(Settings(), data, CPU, job, resume: false, new RankInTurn(0, 2), latencyCache: cache);
        Assert.Equal([0, 1, 2, 3], merged.Candidates.Select(c => c.Index));
        Assert.Equal(Rows(full), Rows(job));
        Assert.Equal(File.ReadAllText(Path.Combine(full, "best.json")), File.ReadAllText(Path.Combine(job, "best.json")));
        Assert.Equal(Rows(full)[..2], Rows(RankFolders.Of(job, 0, 2)));
        Assert.Empty(Directory.GetFiles(cache.Directory));          // no latency asked for: nothing timed

        // A second job on the finished folder is refused unless it resumes; a resumed one has nothing left to do.
        var again = Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Settings(), data, CPU, job, resume: false, new RankInTurn(0, 2)));
        Assert.Equal($"{Table(job)} already exists; resume that search, or choose an empty output folder", again.Message);
        SearchRunner.Run(Settings(), data, CPU, job, resume: true, new RankInTurn(1, 2));
        Assert.Equal(4, SearchRunner.Run(Settings(), data, CPU, job, resume: true, new RankInTurn(0, 2)).Candidates.Count);
        Assert.Equal(Rows(full), Rows(job));
        // An empty table left by a job stopped before its first row does not count as a search.
        var empty = TempDir();
        File.WriteAllText(Table(empty), "");
        SearchRunner.Run(Settings(samples: 2), data, CPU, empty, resume: false, new RankInTurn(1, 2));
        Assert.Equal(2, SearchRunner.Run(Settings(samples: 2), data, CPU, empty, resume: false, new RankInTurn(0, 2)).Candidates.Count);

        var evolution = Assert.Throws<BlockSwapException>(() =>
            SearchRunner.Run(Settings() with { Strategy = SearchStrategy.Evolution }, data, CPU, TempDir(), resume: false, new RankInTurn(0, 2)));
        Assert.Equal("--strategy evolution runs in one process (each candidate depends on the scores before it); run it without mpirun", evolution.Message);
        // One rank is the one-process search itself, into the folder given.
        var single = TempDir();
        SearchRunner.Run(Settings(), data, CPU, single, resume: false, SingleProcess.Instance);
        Assert.Equal(Rows(full), Rows(single));
        Assert.False(Directory.Exists(Path.Combine(single, RankFolders.Parent)));
    }

    [Fact]
    public void ALatencySearch_TimesItsTableOnce_AndItsMergeCarriesTheTableAndMeasuredWinner()
    {
        using var data = Data();
        var settings = Settings() with { Latency = Quick, PredictLatency = true, LatencyChecks = 1 };
        var cache = new LatencyTableCache(TempDir());
        var job = TempDir();
        string[] RankDirs() => [RankFolders.Of(job, 0, 2), RankFolders.Of(job, 1, 2)];
        SearchRunner.Run(settings, data, CPU, job, resume: false, new RankInTurn(1, 2), latencyCache: cache);
        var merged = SearchRunner.Run(settings, data, CPU, job, resume: false, new RankInTurn(0, 2), latencyCache: cache);
        Assert.True(File.Exists(cache.PathFor(Arch, Quick, MachineFingerprint.Current)));   // the job's cache, not the user's
        Assert.True(File.Exists(Path.Combine(job, LatencyTableCache.FolderCopy)));
        Assert.All(merged.Candidates, c => Assert.NotNull(c.PredictedLatencyMs));
        // The one checked row (candidate 0, in rank 0's slice) is measured whole, and so is each shard's own winner, in
        // its table too; the job's winner is one of them, so the merge measures nothing more.
        int winner = merged.Best.Candidate.Index;
        int[] ShardWinners(string s) => [new SearchResult(settings, CandidateTable.Read(Table(s), ["fisher"]).ToArray(), 0).Best.Candidate.Index];
        var shardWinners = RankDirs().Select(ShardWinners).ToArray();
        Assert.Contains(winner, shardWinners.SelectMany(w => w));
        Assert.Equal(new[] { 0 }.Concat(shardWinners.SelectMany(w => w)).Distinct().Order(), merged.Candidates.Where(c => c.LatencyMs is not null).Select(c => c.Index));
        Assert.Equal([new[] { 0 }.Concat(shardWinners[0]).Distinct().Order().ToArray(), shardWinners[1]],
            RankDirs().Select(s => CandidateTable.Read(Table(s), ["fisher"]).Where(r => r.LatencyMs is not null).Select(r => r.Index).Order().ToArray()));
        Assert.NotNull(BlockSwap.Engine.Genotypes.GenotypeFile.Load(Path.Combine(job, "best.json")).LatencyMs);

        // With no checked rows, the merge's measurement is the only one: the winner's.
        var quiet = settings with { LatencyChecks = 0 };
        var q0 = TempDir();
        var q1 = TempDir();
        SearchRunner.Run(quiet with { ShardIndex = 0, ShardCount = 2 }, data, CPU, q0, resume: false, latencyCache: cache);
        SearchRunner.Run(quiet with { ShardIndex = 1, ShardCount = 2 }, data, CPU, q1, resume: false, latencyCache: cache);
        var quietMerge = SearchRunner.Merge([q0, q1], TempDir());
        var quietWinners = new[] { q0, q1 }.SelectMany(ShardWinners).Order().ToArray();
        Assert.Contains(quietMerge.Best.Candidate.Index, quietWinners);
        Assert.Equal(quietWinners, quietMerge.Candidates.Where(c => c.LatencyMs is not null).Select(c => c.Index));

        // Merging again (by hand) rewrites the folder's copy of the table; shards without one merge without it.
        var shards = RankDirs();
        var byHand = TempDir();
        SearchRunner.Merge(shards, byHand);
        SearchRunner.Merge(shards, byHand);
        Assert.Equal(File.ReadAllText(Path.Combine(job, LatencyTableCache.FolderCopy)), File.ReadAllText(Path.Combine(byHand, LatencyTableCache.FolderCopy)));
        // Rows as predicted, and which of them were measured (a new measurement takes another value).
        string[] Predicted(string dir) => CandidateTable.Read(Table(dir), ["fisher"])
            .Select(r => $"{r.Index} {r.Genotype} {r.PredictedLatencyMs} {r.LatencyMs is not null}").ToArray();
        Assert.Equal(Predicted(job), Predicted(byHand));
        foreach (var s in shards) File.Delete(Path.Combine(s, LatencyTableCache.FolderCopy));
        var without = TempDir();
        SearchRunner.Merge(shards, without);
        Assert.False(File.Exists(Path.Combine(without, LatencyTableCache.FolderCopy)));
        Assert.Equal(Predicted(job), Predicted(without));   // every measurement came from the shards' own tables
    }

    [Fact]
    public void ResumingAFinishedLatencySearch_KeepsTheWinnersRecordedMeasurement()
    {
        using var data = Data();
        var settings = Settings() with { Latency = Quick, PredictLatency = true, LatencyChecks = 0 };
        var cache = new LatencyTableCache(TempDir());
        var dir = TempDir();
        int winner = SearchRunner.Run(settings, data, CPU, dir, resume: false, latencyCache: cache).Best.Candidate.Index;
        string best = Path.Combine(dir, "best.json");
        // As an older version left a finished search: the winner's measurement in best.json only (a figure no machine
        // would time, to tell it from a new measurement).
        void AsAnOlderVersionLeftIt(BlockSwap.Engine.Genotypes.GenotypeFile file)
        {
            CandidateTable.WriteAll(Table(dir), CandidateTable.Read(Table(dir), ["fisher"]).Select(r => r with { LatencyMs = null }), ["fisher"], false);
            (file with { LatencyMs = 123.25 }).Save(best);
        }
        double? WinnerRow() => CandidateTable.Read(Table(dir), ["fisher"]).Single(r => r.Index == winner).LatencyMs;

        AsAnOlderVersionLeftIt(BlockSwap.Engine.Genotypes.GenotypeFile.Load(best));
        Assert.Equal(123.25, SearchRunner.Run(settings, data, CPU, dir, resume: true, latencyCache: cache).Best.Candidate.LatencyMs);
        Assert.Equal(123.25, BlockSwap.Engine.Genotypes.GenotypeFile.Load(best).LatencyMs);
        Assert.Equal(123.25, WinnerRow());

        // A best.json of another network is not the winner's measurement: the winner is timed.
        var other = CandidateTable.Read(Table(dir), ["fisher"]).First(r => r.Index != winner).Genotype;
        AsAnOlderVersionLeftIt(BlockSwap.Engine.Genotypes.GenotypeFile.From(new NetworkSpec(Arch, other).ToPlan()));
        var measured = SearchRunner.Run(settings, data, CPU, dir, resume: true, latencyCache: cache).Best.Candidate.LatencyMs;
        Assert.NotNull(measured);
        Assert.NotEqual(123.25, measured);
        Assert.Equal(measured, WinnerRow());
        Assert.Equal(measured, BlockSwap.Engine.Genotypes.GenotypeFile.Load(best).LatencyMs);

        // Nor is a damaged one: the winner is timed and best.json written whole again.
        AsAnOlderVersionLeftIt(BlockSwap.Engine.Genotypes.GenotypeFile.Load(best));
        File.WriteAllText(best, "{");
        var again = SearchRunner.Run(settings, data, CPU, dir, resume: true, latencyCache: cache).Best.Candidate.LatencyMs;
        Assert.NotNull(again);
        Assert.Equal(again, BlockSwap.Engine.Genotypes.GenotypeFile.Load(best).LatencyMs);
    }

    [Fact]
    public void TheSearchChecksItsSettingsAndData_BeforeWritingAnything()
    {
        using var data = Data();
        var dir = TempDir();
        Assert.Equal("--inits 0 is invalid: score each candidate at 1 to 100 initialisations",
            Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Settings() with { Inits = 0 }, data, CPU, dir, resume: false)).Message);
        using var gray = SyntheticData.Create(10, 1, 16, 64, 16, seed: 2);
        Assert.Contains("the search's wrn-10-1", Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Settings(), gray, CPU, dir, resume: false)).Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        var sharded = Assert.Throws<BlockSwapException>(() =>
            SearchRunner.Run(Settings() with { ShardIndex = 0, ShardCount = 2 }, data, CPU, TempDir(), resume: false, new RankInTurn(0, 2)));
        Assert.StartsWith("--shard cannot be combined with an MPI launch, which shards the search by rank itself", sharded.Message);
    }

    [Fact]
    public void AnEmptySlice_ScoresNothingAndWritesNoWinner_AndAnEmptyTableIsNoSearch()
    {
        using var data = Data();
        var cache = new LatencyTableCache(TempDir());
        var settings = Settings(samples: 1) with { Latency = Quick, PredictLatency = true, ShardIndex = 0, ShardCount = 2 };   // slice 0..0: empty
        var dir = TempDir();
        var empty = SearchRunner.Run(settings, data, CPU, dir, resume: false, latencyCache: cache);
        Assert.Empty(empty.Candidates);
        Assert.False(File.Exists(Path.Combine(dir, "best.json")));
        // A table left empty (a search stopped before its first row) does not stop a new search.
        var fresh = TempDir();
        File.WriteAllText(Table(fresh), "");
        Assert.Equal(2, SearchRunner.Run(Settings(samples: 2), data, CPU, fresh, resume: false).Candidates.Count);
        // Resuming reports what is left and what was kept.
        var part = TempDir();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(Settings(), data, CPU, part, resume: false, new Recorder(cts, stopAfter: 1), cts.Token));
        var resumed = new Recorder(new CancellationTokenSource(), stopAfter: int.MaxValue);
        SearchRunner.Run(Settings(), data, CPU, part, resume: true, resumed);
        Assert.Equal((3, 1), resumed.Started);
        var shard = Settings() with { ShardIndex = 1, ShardCount = 2 };   // candidates 2..3
        var partShard = TempDir();
        using var cts2 = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(shard, data, CPU, partShard, resume: false, new Recorder(cts2, stopAfter: 1), cts2.Token));
        SearchRunner.Run(shard, data, CPU, partShard, resume: true, resumed);
        Assert.Equal((1, 1), resumed.Started);
    }

    [Fact]
    public void ARandomSearch_ScoresTheSamplersDraws_AndAResumeDropsAMalformedRow()
    {
        using var data = Data();
        // A population smaller than the search (an evolution's setting) changes nothing for a random search.
        var settings = Settings() with { Population = 2, Tournament = 1 };
        var dir = TempDir();
        var result = SearchRunner.Run(settings, data, CPU, dir, resume: false);
        var drawn = new CandidateSampler(Arch).Sample(settings.Limits, 4, settings.Seed, WrapperPolicy.PerBlock).Genotypes;
        Assert.Equal(drawn.Select(g => g.ToString()), result.Candidates.Select(c => c.Genotype.ToString()));
        // A damaged row in the middle of the table is dropped with a warning, and its candidate scored again.
        var lines = File.ReadAllLines(Table(dir));
        File.WriteAllLines(Table(dir), [lines[0], lines[1], "2,damaged", lines[3], lines[4]]);
        var warnings = new List<string>();
        var resumed = SearchRunner.Run(settings, data, CPU, dir, resume: true, new Warnings(warnings));
        Assert.Equal([0, 1, 2, 3], resumed.Candidates.Select(c => c.Index));
        Assert.Single(warnings);
        Assert.Contains("dropped; its candidate is scored again", warnings[0]);
    }

    private sealed class Warnings(List<string> messages) : ISearchProgress
    {
        public void Started(int toScore, int alreadyScored) { }
        public void Scored(CandidateResult result) { }
        public void Warning(string message) => messages.Add(message);
    }

    [Fact]
    public void PiecesTimedDuringASearch_AreSavedWithItsTable()
    {
        // Under the group-first policy a block may take another wrapper than its type's: a piece the table times
        // when first asked for, then saves to the cache and the folder's copy.
        using var data = SyntheticData.Create(10, 3, 16, 32, 16, seed: 2);
        var arch = Arch16;
        var settings = new SearchSettings
        {
            Architecture = arch, Limits = new SearchLimits { MaxMacs = long.MaxValue / 2 }, Samples = 3, BatchSize = 16, Seed = 3,
            Dataset = "synthetic", Wrapper = WrapperPolicy.GroupFirst, Latency = Quick, PredictLatency = true, LatencyChecks = 0,
        };
        var cache = new LatencyTableCache(TempDir());
        var dir = TempDir();
        var result = SearchRunner.Run(settings, data, CPU, dir, resume: false, latencyCache: cache);
        foreach (var path in new[] { Path.Combine(dir, LatencyTableCache.FolderCopy), cache.PathFor(arch, Quick, MachineFingerprint.Current) })
        {
            var saved = LatencyTable.Load(path, arch, Quick, MachineFingerprint.Current)!;
            foreach (var c in result.Candidates) saved.Predict(new NetworkSpec(arch, c.Genotype, WrapperPolicy.GroupFirst).ToPlan());
            Assert.False(saved.Changed);   // every piece the search predicted with is in the saved table
        }
    }

    [Fact]
    public void AMerge_ChecksItsShardsAndWritesTheWholeSearch()
    {
        using var data = Data();
        var s0 = TempDir();
        var s1 = TempDir();
        SearchRunner.Run(Settings() with { ShardIndex = 0, ShardCount = 2 }, data, CPU, s0, resume: false);
        SearchRunner.Run(Settings() with { ShardIndex = 1, ShardCount = 2 }, data, CPU, s1, resume: false);
        var merged = TempDir();
        SearchRunner.Merge([s0, s1], merged);
        Assert.True(SearchSettings.Load(merged).SameAs(Settings() with { Data = SearchSettings.Load(s0).Data }));
        Assert.Equal($"merge: -o {s1} is one of the shards being merged ({s1}); merge into a new folder",
            Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s1], s1)).Message);
        var other = TempDir();
        SearchRunner.Run(Settings(samples: 2), data, CPU, other, resume: false);
        Assert.Equal($"merge: {other} already holds another search; merge into an empty folder",
            Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s1], other)).Message);
        File.WriteAllLines(Table(s1), File.ReadAllLines(Table(s1))[..2]);   // shard 1 stopped after one of its two rows
        Assert.Equal($"merge: {s1} (shard 1/2) holds 1 of its 2 candidates; finish it first (rerun that shard with --resume), then merge",
            Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s1], TempDir())).Message);
    }

    private sealed class Recorder(CancellationTokenSource cts, int stopAfter) : ISearchProgress
    {
        private int scored;
        public (int ToScore, int AlreadyScored) Started { get; private set; }
        void ISearchProgress.Started(int toScore, int alreadyScored) => Started = (toScore, alreadyScored);
        public void Scored(CandidateResult result) { if (++scored >= stopAfter) cts.Cancel(); }
    }

    [Fact]
    public void AResumedSearchThatOnlyPredicts_KeepsTheTableItStartedWith_AndTimingIsReported()
    {
        using var data = Data();
        var settings = Settings(samples: 2) with { Latency = Quick, PredictLatency = true, LatencyChecks = 0 };
        var cache = new LatencyTableCache(TempDir());
        var timing = new List<(int Done, int Total)>();
        var dir = TempDir();
        var first = SearchRunner.Run(settings, data, CPU, dir, resume: false, new TimingRecorder(timing), latencyCache: cache);
        Assert.NotEmpty(timing);
        Assert.Equal(timing[^1].Total, timing[^1].Done);
        Assert.Equal(Enumerable.Range(1, timing.Count), timing.Select(t => t.Done));
        // A search stopped after one candidate whose folder's table came from another machine (it started elsewhere):
        // the resume predicts, and measures the winner, with that table.
        var part = TempDir();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => SearchRunner.Run(settings, data, CPU, part, resume: false, new Recorder(cts, stopAfter: 1), cts.Token, cache));
        var elsewhere = cache.GetOrMeasure(Arch, Quick, new MachineFingerprint("the machine that started the search"));
        elsewhere.Save(Path.Combine(part, LatencyTableCache.FolderCopy));
        var resumed = SearchRunner.Run(settings, data, CPU, part, resume: true, latencyCache: cache);
        Assert.Equal(first.Best.Candidate.Index, resumed.Best.Candidate.Index);
        Assert.Equal(elsewhere.Predict(new NetworkSpec(Arch, resumed.Best.Candidate.Genotype).ToPlan()), resumed.Best.Candidate.PredictedLatencyMs);
        Assert.Equal("the machine that started the search",
            LatencyTable.Load(Path.Combine(part, LatencyTableCache.FolderCopy), Arch, Quick, MachineFingerprint.Current, anyMachine: true)!.Key.Machine);
    }

    private sealed class TimingRecorder(List<(int Done, int Total)> calls) : ISearchProgress
    {
        public void Started(int toScore, int alreadyScored) { }
        public void Scored(CandidateResult result) { }
        public void TimingLatency(int done, int total) => calls.Add((done, total));
    }
}
