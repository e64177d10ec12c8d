namespace BlockSwap.Search;

/// <summary>The shards a merge combines must be one whole job: every slice i/N of one N, each exactly once.</summary>
public static class Shards
{
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
