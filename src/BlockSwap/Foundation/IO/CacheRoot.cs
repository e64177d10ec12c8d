namespace BlockSwap.Foundation.IO;

/// <summary>
/// Where the tool keeps what it can rebuild (latency tables, decoded images): <c>$BLOCKSWAP_CACHE</c>, else
/// <c>$XDG_CACHE_HOME/blockswap</c>, else <c>~/.cache/blockswap</c>.
/// </summary>
public static class CacheRoot
{
    public static string Directory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BLOCKSWAP_CACHE") is { Length: > 0 } own) return own;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "blockswap");
        }
    }
}
