namespace BlockSwap.Foundation.IO;

/// <summary>
/// An exclusive lock on an output folder for the whole job, so two jobs never interleave their files. The operating
/// system releases it when the process ends, however it ends, so a killed run never blocks its own resume. Taking it
/// also removes the temporary files a killed writer left behind (no other job can be writing them).
/// </summary>
public sealed class OutputLock : IDisposable
{
    public const string FileName = ".blockswap.lock";
    private readonly FileStream stream;

    private OutputLock(FileStream stream) => this.stream = stream;

    /// <summary>Creates the output folder, refusing a path that names an existing file.</summary>
    public static void CreateFolder(string dir)
    {
        if (File.Exists(dir))
            throw new BlockSwapException($"output folder {dir} is an existing file; choose a folder");
        Directory.CreateDirectory(dir);
    }

    /// <param name="kind">What the job writes: a folder holding a result of another kind is refused before anything is written.</param>
    public static OutputLock Acquire(string dir, ResultKind? kind = null)
    {
        CreateFolder(dir);
        var path = Path.Combine(dir, FileName);
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Linux, released by the kernel when the process dies.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException)
        {
            throw new BlockSwapException($"{Path.GetFullPath(dir)} cannot be written (no permission, or a read-only folder); choose a writable output folder");
        }
        catch (IOException e) when (e.HResult == 30 || e.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase))
        {
            throw new BlockSwapException($"{Path.GetFullPath(dir)} is on a read-only file system; choose a writable output folder");
        }
        catch (IOException)
        {
            throw new BlockSwapException($"{Path.GetFullPath(dir)} is in use by another blockswap job; wait for it to finish, or choose another output folder");
        }
        if (kind is { } mine)
        {
            try { ResultKinds.CheckOwnable(dir, mine); }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
        foreach (var leftover in Directory.EnumerateFiles(dir, ".*.tmp*"))
        {
            try { File.Delete(leftover); }
            catch (IOException) { }
        }
        var key = Path.GetFullPath(dir);
        var owned = new OutputLock(stream) { key = key };
        List<Action>? actions;
        lock (Pending)
        {
            if (Pending.Remove(key, out actions) is false) actions = null;
        }
        try
        {
            foreach (var act in actions ?? []) act();
        }
        catch
        {
            owned.Dispose();
            throw;
        }
        return owned;
    }

    private static readonly Dictionary<string, List<Action>> Pending = [];
    private static readonly Dictionary<string, List<Action>> PendingStart = [];
    private string? key;

    /// <summary>
    /// Runs <paramref name="write"/> right after this process next takes the lock on <paramref name="dir"/>: files that
    /// describe a job (its effective options) are written only by the job that owns the folder, after its checks passed.
    /// </summary>
    public static void WhenTaken(string dir, Action write)
    {
        var key = Path.GetFullPath(dir);
        lock (Pending)
        {
            if (!Pending.TryGetValue(key, out var list)) Pending[key] = list = [];
            list.Add(write);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> once the job that owns <paramref name="dir"/> has passed its checks and starts its work
    /// (<see cref="Started"/>): a refused job (a checkpoint that exists, settings that differ) writes nothing.
    /// </summary>
    public static void WhenStarted(string dir, Action write)
    {
        var key = Path.GetFullPath(dir);
        lock (PendingStart)
        {
            if (!PendingStart.TryGetValue(key, out var list)) PendingStart[key] = list = [];
            list.Add(write);
        }
    }

    /// <summary>Called by the job once its checks passed: writes what was waiting for it (its config.json).</summary>
    public void Started()
    {
        List<Action>? actions;
        lock (PendingStart)
        {
            if (key is null || !PendingStart.Remove(key, out actions)) return;
        }
        foreach (var act in actions) act();
    }

    public void Dispose() => stream.Dispose();
}
