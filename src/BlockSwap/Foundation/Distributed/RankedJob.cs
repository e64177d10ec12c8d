namespace BlockSwap.Foundation.Distributed;

/// <summary>
/// The shape every sharded job takes under MPI (docs/distributed.md): the whole job owns its top folder (rank 0
/// holds the lock until the merge, so a second job on it is refused, and a folder holding another rank count's shards
/// too); rank 0 does what must happen once first; then rank r runs shard r of n in its own resumable folder
/// <c>OUT/ranks/rank{r}-of-{n}</c>, and rank 0 merges the shards into OUT. Search and study share it.
/// </summary>
public static class RankedJob
{
    /// <param name="what">The job's name in messages ("search", "study").</param>
    /// <param name="shardCount">The job's own --shard count: sharding by hand and by rank do not mix.</param>
    /// <param name="once">Rank 0's work before the shards (timing a latency table, training a shared teacher), with the folder of shard 0.</param>
    /// <param name="shard">Runs shard (rank, ranks) into the folder given.</param>
    /// <param name="merge">Merges the shard folders into the top folder, under the lock rank 0 holds.</param>
    /// <returns>Rank 0: the merged result; other ranks: their own shard's.</returns>
    public static TResult Run<TResult>(ICommunicator comm, string outDir, string what, int shardCount, Action<string>? once,
        Func<int, int, string, TResult> shard, Func<IReadOnlyList<string>, IO.OutputLock, TResult> merge)
    {
        if (shardCount != 1)
            throw new BlockSwapException($"--shard cannot be combined with an MPI launch, which shards the {what} by rank itself; drop --shard, or run the shards without mpirun and merge them");
        string Folder(int rank) => RankFolders.Of(outDir, rank, comm.Size);
        using var job = comm.IsRoot ? IO.OutputLock.Acquire(outDir) : null;
        if (comm.IsRoot)
        {
            RankFolders.CheckRankCount(outDir, comm.Size);
            once?.Invoke(Folder(0));
        }
        comm.Barrier();
        var own = shard(comm.Rank, comm.Size, Folder(comm.Rank));
        comm.Barrier();
        return comm.IsRoot ? merge(Enumerable.Range(0, comm.Size).Select(Folder).ToArray(), job!) : own;
    }
}
