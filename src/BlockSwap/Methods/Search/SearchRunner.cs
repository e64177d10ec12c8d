using BlockSwap.Data;
using BlockSwap.Methods.Latency;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Search;

/// <summary>
/// BlockSwap search: sample the seeded candidate list, score this shard's slice (skipping rows already in
/// candidates.csv when resuming), append each row as it is scored, and write the winner.
/// </summary>
public static class SearchRunner
{
    public static SearchResult Run(SearchSettings settings, DataSplits data, Device device, string outDir, bool resume,
        ISearchProgress? progress = null, CancellationToken cancel = default, LatencyTableCache? latencyCache = null)
    {
        settings.Validate();
        settings = settings with { Data = data.Fingerprint };
        var arch = settings.Architecture;
        DataShape.Check(data, arch.Shape, $"the search's {arch.Name}");
        var proxies = settings.Proxies;
        var names = proxies.Select(p => p.Name).ToArray();
        latencyCache ??= LatencyTableCache.Default;
        var latency = settings.UsesLatency
            ? latencyCache.ForFolder(outDir, arch, settings.Latency, resume, progress is null ? null : progress.TimingLatency, candidatesDependOnIt: settings.Limits.MaxLatencyMs is not null)
            : null;
        var sampler = new CandidateSampler(arch);
        bool evolving = settings.Strategy == SearchStrategy.Evolution;
        var sample = sampler.Sample(settings.Limits, evolving ? Math.Min(settings.Population, settings.Samples) : settings.Samples, settings.Seed, settings.Wrapper, latency);
        var evolution = evolving ? new RegularisedEvolution(sampler, settings, latency, sample.Genotypes) : null;
        // Candidate i's genotype: the seeded list's, or (evolution) the child of the scores before it.
        BlockSwap.Engine.Networks.Genotype GenotypeAt(int i, IReadOnlyList<CandidateResult> before) => evolution?.At(i, before) ?? sample.Genotypes[i];

        using var folder = BlockSwap.Foundation.IO.OutputLock.Acquire(outDir, BlockSwap.Foundation.IO.ResultKind.Search);
        var tablePath = Path.Combine(outDir, CandidateTable.FileName);
        var done = Resumed(settings, outDir, tablePath, resume, GenotypeAt, progress);
        folder.Started();
        settings.Save(outDir);
        latency?.Save(Path.Combine(outDir, LatencyTableCache.FolderCopy));

        var (start, end) = settings.ShardRange;
        var scored = done.Select(c => c.Index).ToHashSet();
        var todo = Enumerable.Range(start, end - start).Where(i => !scored.Contains(i)).ToArray();
        progress?.Started(todo.Length, end - start - todo.Length);
        var loader = new BatchLoader(data.Train, settings.BatchSize, settings.Seed, device, layout: settings.Layout);
        var scorer = new CandidateScorer(arch, settings.Wrapper, proxies, loader, settings.Seed, settings.SameBatch, device, settings.Precision, inits: settings.Inits);
        foreach (var i in todo)
        {
            cancel.ThrowIfCancellationRequested();
            var result = scorer.Score(i, GenotypeAt(i, evolving ? done : []));
            if (latency is not null)
            {
                var plan = new BlockSwap.Engine.Networks.NetworkSpec(arch, result.Genotype, settings.Wrapper).ToPlan();
                result = i < settings.LatencyChecks
                    ? Measured(result, latency, plan, settings.Seed)
                    : result with { PredictedLatencyMs = latency.Predict(plan) };
            }
            CandidateTable.Append(tablePath, result, names, settings.Ranking.IsEnsemble);
            done.Add(result);
            progress?.Scored(result);
        }
        if (latency is not null && done.Count > 0)
        {
            // The table was appended before the winner was known: rewrite it (atomically) so its row carries the measurement.
            if (MeasureWinner(settings, done, latency, outDir))
                CandidateTable.WriteAll(tablePath, done, names, settings.Ranking.IsEnsemble);
            if (latency.Changed)
            {
                latencyCache.Save(latency);
                latency.Save(Path.Combine(outDir, LatencyTableCache.FolderCopy));
            }
        }
        var searchResult = new SearchResult(settings, done.OrderBy(c => c.Index).ToArray(), sample.Draws);
        if (searchResult.Candidates.Count > 0) searchResult.WriteBest(outDir, data.ClassNames);
        // Trimming is off while scoring (TorchRuntime); the heap this search grew is handed back before the next stage.
        BlockSwap.Foundation.Runtime.ProcessMemory.ReturnFreeHeap();
        return searchResult;
    }

    /// <summary>
    /// The rows an interrupted search already scored (none for a new one), after checking the folder holds this very
    /// search and every row is one it would have written; a folder with rows and no --resume is refused.
    /// </summary>
    private static List<CandidateResult> Resumed(SearchSettings settings, string outDir, string tablePath, bool resume,
        Func<int, IReadOnlyList<CandidateResult>, BlockSwap.Engine.Networks.Genotype> genotypeAt, ISearchProgress? progress)
    {
        if (!resume || !File.Exists(Path.Combine(outDir, SearchSettings.FileName)))
        {
            if (File.Exists(tablePath) && new FileInfo(tablePath).Length > 0)
                throw new BlockSwapException($"{tablePath} already exists; resume that search, or choose an empty output folder");
            return [];
        }
        var previous = SearchSettings.Load(outDir);
        if (!previous.SameAs(settings))
            throw new BlockSwapException($"cannot resume: {outDir} holds a different search ({Differences.Between(previous, settings)}); use the same settings or another output folder");
        var done = CandidateTable.Read(tablePath, settings.Proxies.Select(p => p.Name).ToArray(), dropMalformed: true, dropped: m => progress?.Warning(m));
        // Evolution is sequential: only the unbroken run of candidates from 0 is kept (the rest is replayed).
        if (settings.Strategy == SearchStrategy.Evolution) done = done.OrderBy(c => c.Index).Where((c, k) => c.Index == k).ToList();
        CheckRows(done, settings, genotypeAt, tablePath);
        return done;
    }

    /// <summary>
    /// The winner's latency is always measured whole, so best.json and candidates.csv hold a measured figure; true when
    /// this call gave its row one (it had none yet). A finished search whose table lacks it (older versions kept it in
    /// best.json only) takes the figure of its folder's best.json: resuming it, on this machine or
    /// another, changes nothing it recorded.
    /// </summary>
    private static bool MeasureWinner(SearchSettings settings, List<CandidateResult> done, LatencyTable latency, string? folder = null)
    {
        var best = new SearchResult(settings, done, 0).Best.Candidate;
        if (best.LatencyMs is not null) return false;
        done[done.IndexOf(best)] = RecordedLatency(folder, best.Genotype) is { } ms
            ? best with { LatencyMs = ms }
            : Measured(best, latency, new BlockSwap.Engine.Networks.NetworkSpec(settings.Architecture, best.Genotype, settings.Wrapper).ToPlan(), settings.Seed);
        return true;
    }

    /// <summary>The measured latency a folder's best.json records for this genotype; null when it has none (or cannot be read).</summary>
    private static double? RecordedLatency(string? folder, BlockSwap.Engine.Networks.Genotype genotype)
    {
        var path = folder is null ? null : Path.Combine(folder, "best.json");
        if (path is null || !File.Exists(path)) return null;
        try
        {
            var file = BlockSwap.Engine.Genotypes.GenotypeFile.Load(path);
            return file.Network.Genotype.Equals(genotype) ? file.LatencyMs : null;
        }
        catch (BlockSwapException) { return null; }   // damaged: the winner is measured, and best.json rewritten
    }

    private static CandidateResult Measured(CandidateResult r, LatencyTable table, BlockSwap.Engine.Networks.NetworkPlan plan, long seed)
    {
        var pair = LatencyPredictionCheck.Measure(table, plan, BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "init", r.Index));
        return r with { PredictedLatencyMs = pair.PredictedMs, LatencyMs = pair.MeasuredMs };
    }

    /// <summary>
    /// A resumed table may only hold rows this search would have written: an index in this shard, the seeded list's
    /// genotype at that index, its recomputed size, and each index once.
    /// </summary>
    private static void CheckRows(List<CandidateResult> rows, SearchSettings settings, Func<int, IReadOnlyList<CandidateResult>, BlockSwap.Engine.Networks.Genotype> genotypeAt, string path)
    {
        var ordered = rows.OrderBy(r => r.Index).ToArray();
        var (start, end) = settings.ShardRange;
        var seen = new HashSet<int>();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            string where = $"{path}: data row {r + 1} (candidate {row.Index})";
            if (row.Index < start || row.Index >= end)
                throw new BlockSwapException($"{where} is outside this search's candidates {start}..{end - 1}; remove the row or run the search again into an empty folder");
            if (!seen.Add(row.Index))
                throw new BlockSwapException($"{where} appears twice; remove the duplicate row");
            // The rows before this one, as a view (only evolution reads them; a copy per row was quadratic).
            var expected = genotypeAt(row.Index, new ArraySegment<CandidateResult>(ordered, 0, Math.Min(row.Index, ordered.Length)));
            if (!row.Genotype.Equals(expected))
                throw new BlockSwapException($"{where} has genotype [{row.Genotype}] but the search has [{expected}] there; the table was edited or belongs to another search");
            long parameters = new BlockSwap.Engine.Networks.NetworkSpec(settings.Architecture, row.Genotype).ToPlan().Parameters;
            if (row.Params != parameters)
                throw new BlockSwapException($"{where} records {row.Params:N0} parameters but its genotype has {parameters:N0}; the table was edited");
        }
    }

    /// <summary>
    /// A search spread over the ranks of a job (docs/distributed.md): rank r scores slice r of the seeded list into
    /// its own resumable folder <c>OUT/ranks/rank{r}-of-{n}</c>, then rank 0 merges every slice into OUT, which then
    /// holds what a one-process search writes. One rank: <see cref="Run(SearchSettings, DataSplits, Device, string, bool, ISearchProgress?, CancellationToken, LatencyTableCache?)"/> itself.
    /// </summary>
    public static SearchResult Run(SearchSettings settings, DataSplits data, Device device, string outDir, bool resume, BlockSwap.Foundation.Distributed.ICommunicator comm,
        ISearchProgress? progress = null, CancellationToken cancel = default, LatencyTableCache? latencyCache = null)
    {
        if (comm.Size == 1) return Run(settings, data, device, outDir, resume, progress, cancel, latencyCache);
        if (settings.Strategy == SearchStrategy.Evolution)
            throw new BlockSwapException("--strategy evolution runs in one process (each candidate depends on the scores before it); run it without mpirun");
        var table = Path.Combine(outDir, CandidateTable.FileName);
        if (!resume && File.Exists(table) && new FileInfo(table).Length > 0)
            throw new BlockSwapException($"{table} already exists; resume that search, or choose an empty output folder");
        latencyCache ??= LatencyTableCache.Default;
        var cache = latencyCache;
        // Rank 0 times the latency table alone (ranks timing at once would disturb each other); the others read the cache.
        return BlockSwap.Foundation.Distributed.RankedJob.Run(comm, outDir, "search", settings.ShardCount,
            once: _ => { if (settings.UsesLatency) cache.GetOrMeasure(settings.Architecture, settings.Latency, MachineFingerprint.Current); },
            shard: (rank, ranks, folder) => Run(settings with { ShardIndex = rank, ShardCount = ranks }, data, device, folder, resume, progress, cancel, cache),
            merge: (folders, owned) => Merge(folders, outDir, owned));
    }

    /// <summary>Combines shard folders of one search into <paramref name="outDir"/>: candidates.csv, best.json, best.csv.</summary>
    /// <param name="owned">The lock on <paramref name="outDir"/> when the caller (an MPI job's rank 0) already holds it.</param>
    public static SearchResult Merge(IReadOnlyList<string> shardDirs, string outDir, BlockSwap.Foundation.IO.OutputLock? owned = null)
    {
        var settings = Shards.Load(shardDirs, "search", SearchSettings.Load, s => s with { ShardIndex = 0, ShardCount = 1 }, (a, b) => a.SameSearchAs(b),
            s => (s.ShardIndex, s.ShardCount));
        Shards.CheckNotAShard(outDir, shardDirs);
        var names = settings[0].Proxies.Select(p => p.Name).ToArray();
        var rows = new SortedDictionary<int, CandidateResult>();
        for (int i = 0; i < shardDirs.Count; i++)
        {
            // Each shard must hold exactly its own slice: a shard killed after 6 of its 20 candidates, or one whose
            // search.json was edited to claim another index, once merged without a word.
            var (start, end) = settings[i].ShardRange;
            var own = CandidateTable.Read(Path.Combine(shardDirs[i], CandidateTable.FileName), names);
            Shards.CheckSlice(shardDirs[i], settings[i].ShardIndex, settings[i].ShardCount, start, end, own.Select(r => r.Index).ToArray(), "candidates");
            foreach (var r in own) rows.TryAdd(r.Index, r);
        }
        if (rows.Count == 0) throw new BlockSwapException("merge: the shard folders hold no scored candidates");
        var merged = settings[0] with { ShardIndex = 0, ShardCount = 1 };
        using var folder = Shards.Claim(outDir, SearchSettings.FileName, owned, SearchSettings.Load, s => s.SameSearchAs(merged), "search");
        merged.Save(outDir);
        var all = rows.Values.ToList();
        if (merged.UsesLatency && shardDirs.Select(d => Path.Combine(d, LatencyTableCache.FolderCopy)).FirstOrDefault(File.Exists) is { } tablePath)
        {
            var latency = LatencyTable.Load(tablePath, merged.Architecture, merged.Latency, MachineFingerprint.Current);
            if (latency is not null) MeasureWinner(merged, all, latency);
            File.Copy(tablePath, Path.Combine(outDir, LatencyTableCache.FolderCopy), overwrite: true);
        }
        CandidateTable.WriteAll(Path.Combine(outDir, CandidateTable.FileName), all, names, merged.Ranking.IsEnsemble);
        var result = new SearchResult(merged, all.ToArray(), 0);
        var classes = shardDirs.Select(d => Path.Combine(d, "best.json")).Where(File.Exists).Select(f => BlockSwap.Engine.Genotypes.GenotypeFile.Load(f).ClassNames).FirstOrDefault(c => c is not null);
        result.WriteBest(outDir, classes);
        return result;
    }
}
