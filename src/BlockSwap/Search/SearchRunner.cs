using BlockSwap.Data;
using static TorchSharp.torch;

namespace BlockSwap.Search;

/// <summary>
/// BlockSwap search: sample the seeded candidate list, score this shard's slice (skipping rows already in
/// candidates.csv when resuming), append each row as it is scored, and write the winner.
/// </summary>
public static class SearchRunner
{
    public static SearchResult Run(SearchSettings settings, DataSplits data, Device device, string outDir, bool resume,
        ISearchProgress? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        var arch = settings.Architecture;
        DataShape.Check(data, arch.Shape, $"the search's {arch.Name}");
        var proxies = settings.Proxies;
        var names = proxies.Select(p => p.Name).ToArray();
        var sample = new CandidateSampler(arch).Sample(new BudgetWindow(settings.Budget, settings.Window), settings.Samples, settings.Seed);

        Directory.CreateDirectory(outDir);
        var tablePath = Path.Combine(outDir, CandidateTable.FileName);
        var done = new List<CandidateResult>();
        if (resume && File.Exists(Path.Combine(outDir, SearchSettings.FileName)))
        {
            if (SearchSettings.Load(outDir) != settings)
                throw new BlockSwapException($"cannot resume: {outDir} holds a different search ({SearchSettings.FileName} differs: seed, budget, samples, proxy, data or shard); use the same settings or another output folder");
            done = CandidateTable.Read(tablePath, names);
        }
        else if (File.Exists(tablePath) && new FileInfo(tablePath).Length > 0)
        {
            throw new BlockSwapException($"{tablePath} already exists; resume that search, or choose an empty output folder");
        }
        settings.Save(outDir);

        var (start, end) = settings.ShardRange;
        var scored = done.Select(c => c.Index).ToHashSet();
        var todo = Enumerable.Range(start, end - start).Where(i => !scored.Contains(i)).ToArray();
        progress?.Started(todo.Length, end - start - todo.Length);
        var loader = new BatchLoader(data.Train, settings.BatchSize, settings.Seed, device);
        var scorer = new CandidateScorer(arch, settings.Wrapper, proxies, loader, settings.Seed, settings.SameBatch, device);
        foreach (var i in todo)
        {
            cancel.ThrowIfCancellationRequested();
            var result = scorer.Score(i, sample.Genotypes[i]);
            CandidateTable.Append(tablePath, result, names, settings.Ranking.IsEnsemble);
            done.Add(result);
            progress?.Scored(result);
        }
        var searchResult = new SearchResult(settings, done.OrderBy(c => c.Index).ToArray(), sample.Draws);
        if (searchResult.Candidates.Count > 0) searchResult.WriteBest(outDir);
        return searchResult;
    }

    /// <summary>Combines shard folders of one search into <paramref name="outDir"/>: candidates.csv, best.json, best.csv.</summary>
    public static SearchResult Merge(IReadOnlyList<string> shardDirs, string outDir)
    {
        if (shardDirs.Count == 0) throw new BlockSwapException("merge: give at least one shard folder");
        var settings = shardDirs.Select(SearchSettings.Load).ToArray();
        for (int i = 1; i < settings.Length; i++)
            if (!settings[i].SameSearchAs(settings[0]))
                throw new BlockSwapException($"merge: {shardDirs[i]} is a different search from {shardDirs[0]} (settings other than the shard differ)");
        var names = settings[0].Proxies.Select(p => p.Name).ToArray();
        var rows = new SortedDictionary<int, CandidateResult>();
        foreach (var dir in shardDirs)
            foreach (var r in CandidateTable.Read(Path.Combine(dir, CandidateTable.FileName), names))
                rows.TryAdd(r.Index, r);
        if (rows.Count == 0) throw new BlockSwapException("merge: the shard folders hold no scored candidates");
        var merged = settings[0] with { ShardIndex = 0, ShardCount = 1 };
        Directory.CreateDirectory(outDir);
        merged.Save(outDir);
        CandidateTable.WriteAll(Path.Combine(outDir, CandidateTable.FileName), rows.Values, names, merged.Ranking.IsEnsemble);
        var result = new SearchResult(merged, rows.Values.ToArray(), 0);
        result.WriteBest(outDir);
        return result;
    }
}
