namespace BlockSwap.Foundation.Distributed;

/// <summary>Where each rank of a job keeps its own resumable part of a job's output.</summary>
public static class RankFolders
{
    public const string Parent = "ranks";

    public static string Of(string outDir, int rank, int size) => Path.Combine(outDir, Parent, $"rank{rank}-of-{size}");

    /// <summary>
    /// Refuses an output folder holding the rank folders of a job with another rank count: its shards would never be
    /// merged with these, and a merge of either would claim to be the whole job.
    /// </summary>
    public static void CheckRankCount(string outDir, int size)
    {
        var parent = Path.Combine(outDir, Parent);
        if (!Directory.Exists(parent)) return;
        foreach (var dir in Directory.GetDirectories(parent, "rank*-of-*"))
        {
            var name = Path.GetFileName(dir);
            if (int.TryParse(name[(name.LastIndexOf("-of-", StringComparison.Ordinal) + 4)..], out int other) && other != size)
                throw new BlockSwapException($"{outDir} holds the shards of a {other}-rank job ({dir}); continue it with {other} ranks, or choose another output folder");
        }
    }
}
