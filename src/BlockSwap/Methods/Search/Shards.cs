namespace BlockSwap.Methods.Search;

/// <summary>
/// What every merge checks first (search and study alike): the shard folders are one whole job (the same settings but
/// the shard; every slice i/N of one N, each exactly once), and the output folder holds no other result.
/// </summary>
public static class Shards
{
    /// <summary><c>I/N</c> shard notation.</summary>
    public static (int Index, int Count) Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 0 && i < n)
            return (i, n);
        throw new BlockSwapException($"--shard '{text}' is invalid: write I/N with 0 <= I < N, e.g. 0/4");
    }

    /// <summary>Each shard folder's settings, after checking they belong to one job.</summary>
    /// <param name="what">The job's name in messages ("search", "study").</param>
    /// <param name="unsharded">The settings with the shard fields cleared, for comparing two shards.</param>
    public static T[] Load<T>(IReadOnlyList<string> dirs, string what, Func<string, T> load, Func<T, T> unsharded, Func<T, T, bool> same,
        Func<T, (int Index, int Count)> shard) where T : notnull
    {
        if (dirs.Count == 0) throw new BlockSwapException($"merge: give at least one {what} folder");
        var settings = dirs.Select(load).ToArray();
        for (int i = 1; i < settings.Length; i++)
            if (!same(settings[i], settings[0]))
                throw new BlockSwapException($"merge: {dirs[i]} is a different {what} from {dirs[0]} ({Differences.Between(unsharded(settings[0]), unsharded(settings[i]))})");
        CheckComplete(settings.Select(shard).ToArray(), dirs);
        return settings;
    }

    /// <summary>Takes the output folder (unless the caller already holds it) and refuses one holding another result.</summary>
    /// <returns>The lock taken here (null when <paramref name="owned"/>), for the caller to release.</returns>
    public static BlockSwap.Foundation.IO.OutputLock? Claim<T>(string outDir, string fileName, BlockSwap.Foundation.IO.OutputLock? owned, Func<string, T> load, Func<T, bool> sameJob, string what)
    {
        var taken = owned is null ? BlockSwap.Foundation.IO.OutputLock.Acquire(outDir, what == "study" ? BlockSwap.Foundation.IO.ResultKind.Study : BlockSwap.Foundation.IO.ResultKind.Search) : null;
        if (File.Exists(Path.Combine(outDir, fileName)) && !sameJob(load(outDir)))
        {
            taken?.Dispose();
            throw new BlockSwapException($"merge: {outDir} already holds another {what}; merge into an empty folder");
        }
        return taken;
    }

    /// <summary>Refuses a merge into one of the shards it merges (it would rewrite that shard, which then could not be merged again).</summary>
    public static void CheckNotAShard(string outDir, IReadOnlyList<string> dirs)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (dirs.FirstOrDefault(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) == target) is { } shard)
            throw new BlockSwapException($"merge: -o {outDir} is one of the shards being merged ({shard}); merge into a new folder");
    }

    /// <summary>
    /// Refuses a shard whose rows are not exactly its slice [start, end) of the job: missing rows (an interrupted shard;
    /// resume it first) or rows of another slice (a shard whose settings claim another index).
    /// </summary>
    public static void CheckSlice(string dir, int index, int count, int start, int end, IReadOnlyList<int> held, string what)
    {
        var outside = held.Where(i => i < start || i >= end).Distinct().Order().ToArray();
        if (outside.Length > 0)
            throw new BlockSwapException($"merge: {dir} says it is shard {index}/{count} ({what} {start}..{end - 1}) but holds {what} {string.Join(", ", outside.Take(5))}{(outside.Length > 5 ? ", ..." : "")} of another slice; merge the shard folders as their searches wrote them");
        int have = held.Distinct().Count();
        if (have < end - start)
            throw new BlockSwapException($"merge: {dir} (shard {index}/{count}) holds {have} of its {end - start} {what}; finish it first (rerun that shard with --resume), then merge");
    }

    public static void CheckComplete(IReadOnlyList<(int Index, int Count)> shards, IReadOnlyList<string> dirs)
    {
        int n = shards[0].Count;
        for (int i = 0; i < shards.Count; i++)
            if (shards[i].Count != n)
                throw new BlockSwapException($"merge: {dirs[i]} is shard {shards[i].Index}/{shards[i].Count} but {dirs[0]} is one of {n}; merge the shards of one job");
        var seen = new Dictionary<int, string>();
        for (int i = 0; i < shards.Count; i++)
            if (!seen.TryAdd(shards[i].Index, dirs[i]))
                throw new BlockSwapException($"merge: {dirs[i]} and {seen[shards[i].Index]} are both shard {shards[i].Index}/{n}; give each shard once");
        var missing = Enumerable.Range(0, n).Where(i => !seen.ContainsKey(i)).Select(i => $"{i}/{n}").ToArray();
        if (missing.Length > 0)
            throw new BlockSwapException($"merge: shard{(missing.Length == 1 ? "" : "s")} {string.Join(", ", missing)} missing; give all {n} shard folders (an incomplete merge would claim every candidate)");
    }
}
