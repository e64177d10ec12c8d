using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Latency;

/// <summary>
/// Latency tables kept per architecture, input shape, setup and machine, so a machine times each piece once:
/// in the <see cref="BlockSwap.Foundation.IO.CacheRoot"/>'s <c>latency</c> folder.
/// A table from another machine, or for another batch or thread count, is never used: it has another file name and key.
/// </summary>
public sealed class LatencyTableCache(string directory)
{
    public string Directory { get; } = directory;

    public static LatencyTableCache Default => new(Path.Combine(BlockSwap.Foundation.IO.CacheRoot.Directory, "latency"));

    public string PathFor(Architecture arch, LatencySetup setup, MachineFingerprint machine) =>
        Path.Combine(Directory, $"{arch.Name}-{arch.InChannels}x{arch.InputSize}-{arch.Classes}c-b{setup.Batch}-t{setup.Threads}-{machine.Digest}.json");

    /// <summary>The cached table for this architecture, setup and machine, or a freshly measured one (then cached).</summary>
    public LatencyTable GetOrMeasure(Architecture arch, LatencySetup setup, MachineFingerprint machine, IReadOnlyList<BlockType>? types = null, Action<int, int>? progress = null)
    {
        var path = PathFor(arch, setup, machine);
        try
        {
            if (LatencyTable.Load(path, arch, setup, machine) is { } cached) return cached;
        }
        catch (DamagedLatencyTableException) { } // a damaged cache entry is measured again
        var table = LatencyTable.Measure(arch, setup, machine, types ?? BlockCatalogue.Sampled, progress);
        Save(table);
        return table;
    }

    /// <summary>The name of the copy of its table an output folder keeps.</summary>
    public const string FolderCopy = "latency-table.json";

    /// <summary>
    /// The table of an output folder's job: when resuming and the folder holds its copy, that copy (so the job's
    /// candidates stay the same), refusing one measured on another machine or setup; otherwise the cached or a new one.
    /// The caller saves the copy into the folder once it holds the folder.
    /// </summary>
    /// <param name="candidatesDependOnIt">True when the search limits latency (its candidates were drawn against this
    /// table): then only this machine's table will do. Otherwise its predictions only annotate the candidates, and a
    /// resumed search keeps the folder's table, from whichever machine, so that every row is predicted alike.</param>
    public LatencyTable ForFolder(string folder, Architecture arch, LatencySetup setup, bool resume, Action<int, int>? progress = null, bool candidatesDependOnIt = true)
    {
        var machine = MachineFingerprint.Current;
        var own = Path.Combine(folder, FolderCopy);
        if (resume && File.Exists(own))
            return LatencyTable.Load(own, arch, setup, machine, anyMachine: !candidatesDependOnIt)
                   ?? throw new BlockSwapException($"cannot resume: {own} was measured on another machine or setup, and the candidates depend on it (--max-latency-ms); resume on that machine, or start again in an empty folder");
        return GetOrMeasure(arch, setup, machine, progress: progress);
    }

    /// <summary>Stores a table (again, after pieces were added); a cache that cannot be written is not an error.</summary>
    public void Save(LatencyTable table)
    {
        try { table.Save(PathFor(table.Architecture, table.Setup, new MachineFingerprint(table.Key.Machine))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
