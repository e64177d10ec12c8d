using BlockSwap.Blocks;
using BlockSwap.Networks;

namespace BlockSwap.Latency;

/// <summary>
/// Latency tables kept per architecture, input shape, setup and machine, so a machine times each piece once:
/// in <c>$BLOCKSWAP_CACHE/latency</c>, else <c>$XDG_CACHE_HOME/blockswap/latency</c>, else <c>~/.cache/blockswap/latency</c>.
/// A table from another machine, or for another batch or thread count, is never used: it has another file name and key.
/// </summary>
public sealed class LatencyTableCache(string directory)
{
    public string Directory { get; } = directory;

    public static LatencyTableCache Default { get; } = new(DefaultDirectory());

    private static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("BLOCKSWAP_CACHE") is { Length: > 0 } own) return Path.Combine(own, "latency");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "blockswap", "latency");
    }

    public string PathFor(Architecture arch, LatencySetup setup, MachineFingerprint machine) =>
        Path.Combine(Directory, $"{arch.Name}-{arch.InChannels}x{arch.InputSize}-{arch.Classes}c-b{setup.Batch}-t{setup.Threads}-{machine.Digest}.json");

    /// <summary>The cached table for this architecture, setup and machine, or a freshly measured one (then cached).</summary>
    public LatencyTable GetOrMeasure(Architecture arch, LatencySetup setup, MachineFingerprint machine, IReadOnlyList<BlockType>? types = null, Action<int, int>? progress = null)
    {
        var path = PathFor(arch, setup, machine);
        if (LatencyTable.Load(path, arch, setup, machine) is { } cached) return cached;
        var table = LatencyTable.Measure(arch, setup, machine, types ?? BlockCatalogue.Sampled, progress);
        Save(table);
        return table;
    }

    /// <summary>Stores a table (again, after pieces were added); a cache that cannot be written is not an error.</summary>
    public void Save(LatencyTable table)
    {
        try { table.Save(PathFor(table.Architecture, table.Setup, new MachineFingerprint(table.Key.Machine))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
