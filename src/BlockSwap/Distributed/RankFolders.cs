namespace BlockSwap.Distributed;

/// <summary>Where each rank of a job keeps its own resumable part of a job's output.</summary>
public static class RankFolders
{
    public const string Parent = "ranks";

    public static string Of(string outDir, int rank, int size) => Path.Combine(outDir, Parent, $"rank{rank}-of-{size}");
}
