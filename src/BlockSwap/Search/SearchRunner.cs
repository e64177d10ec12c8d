using BlockSwap.Data;
using BlockSwap.Networks;
using BlockSwap.Scoring;
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
        var arch = Architecture.Parse(settings.Architecture, settings.Classes, settings.InChannels, settings.InputSize);
        if (data.Channels != arch.InChannels || data.Size != arch.InputSize)
            throw new BlockSwapException($"data set {data.Name} has {data.Channels}×{data.Size}×{data.Size} images but the network expects {arch.InChannels}×{arch.InputSize}×{arch.InputSize}; use --in-channels {data.Channels} (size {data.Size} is set from the data)");
        if (settings.ShardCount < 1 || settings.ShardIndex < 0 || settings.ShardIndex >= settings.ShardCount)
            throw new BlockSwapException($"--shard {settings.ShardIndex}/{settings.ShardCount} is invalid: use I/N with 0 <= I < N");
        var proxies = ProxyRegistry.Resolve(settings.Proxy);
        var names = proxies.Select(p => p.Name).ToArray();
        var sampler = new CandidateSampler(arch);
        var window = new BudgetWindow(settings.Budget, settings.Window);
        var genotypes = sampler.Sample(window, settings.Samples, settings.Seed);

        Directory.CreateDirectory(outDir);
        var tablePath = Path.Combine(outDir, CandidateTable.FileName);
        var done = new List<CandidateResult>();
        if (resume && File.Exists(Path.Combine(outDir, SearchSettings.FileName)))
        {
            var previous = SearchSettings.Load(outDir);
            if (previous != settings)
                throw new BlockSwapException($"--resume: {outDir} holds a different search ({SearchSettings.FileName} differs: seed, budget, samples, proxy, data or shard); use the same options or another --out");
            done = CandidateTable.Read(tablePath, names);
        }
        else if (File.Exists(tablePath) && new FileInfo(tablePath).Length > 0)
        {
            throw new BlockSwapException($"{tablePath} already exists; pass --resume to continue that search, or choose an empty --out folder");
        }
        settings.Save(outDir);

        var (start, end) = settings.ShardRange;
        var scored = done.Select(c => c.Index).ToHashSet();
        var todo = Enumerable.Range(start, end - start).Where(i => !scored.Contains(i)).ToArray();
        progress?.Started(todo.Length, end - start - todo.Length);
        var loader = new BatchLoader(data.Train, settings.BatchSize, settings.Seed, device);
        var scorer = new CandidateScorer(arch, WrapperPolicyNames.Parse(settings.Wrapper), proxies, loader, settings.Seed, settings.SameBatch, device);
        foreach (var i in todo)
        {
            cancel.ThrowIfCancellationRequested();
            var result = scorer.Score(i, genotypes[i]);
            CandidateTable.Append(tablePath, result, names);
            done.Add(result);
            progress?.Scored(result);
        }
        var ordered = done.OrderBy(c => c.Index).ToArray();
        var searchResult = new SearchResult(settings, ordered, sampler.Draws);
        if (ordered.Length > 0) searchResult.WriteBest(outDir);
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
        var names = ProxyRegistry.Resolve(settings[0].Proxy).Select(p => p.Name).ToArray();
        var rows = new SortedDictionary<int, CandidateResult>();
        foreach (var dir in shardDirs)
            foreach (var r in CandidateTable.Read(Path.Combine(dir, CandidateTable.FileName), names))
                rows.TryAdd(r.Index, r);
        if (rows.Count == 0) throw new BlockSwapException("merge: the shard folders hold no scored candidates");
        var merged = settings[0] with { ShardIndex = 0, ShardCount = 1 };
        Directory.CreateDirectory(outDir);
        merged.Save(outDir);
        CandidateTable.WriteAll(Path.Combine(outDir, CandidateTable.FileName), rows.Values, names);
        var result = new SearchResult(merged, rows.Values.ToArray(), 0);
        result.WriteBest(outDir);
        return result;
    }
}
