using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("BlockSwap.Tests.ScratchCleaningFramework", "BlockSwap.Tests")]

namespace BlockSwap.Tests;

/// <summary>
/// Scratch folders for tests. They all live under one root per test process, deleted when the run ends, so a run of
/// the suite leaves nothing in the temp folder (it used to leave some 400 folders, hundreds of MB, a run). A root
/// left by a killed run is deleted by the next run once its process is gone.
/// </summary>
internal static class Scratch
{
    private const string RootPrefix = "blockswap-tests-";
    private static readonly Lazy<string> Root = new(CreateRoot);

    /// <summary>A new, empty folder whose name starts with <paramref name="prefix"/>.</summary>
    public static string Folder(string prefix) =>
        Directory.CreateDirectory(Path.Combine(Root.Value, prefix + Guid.NewGuid().ToString("N")[..12])).FullName;

    /// <summary>Deletes this process's root, if a test made one.</summary>
    public static void DeleteAll()
    {
        if (Root.IsValueCreated) TryDelete(Root.Value);
    }

    private static string CreateRoot()
    {
        SweepAbandonedRoots();
        return Directory.CreateTempSubdirectory($"{RootPrefix}{Environment.ProcessId}-").FullName;
    }

    /// <summary>Deletes the roots of test processes that have ended (killed runs); a live process's root stays.</summary>
    internal static void SweepAbandonedRoots()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), RootPrefix + "*"))
        {
            var pid = Path.GetFileName(dir)[RootPrefix.Length..].Split('-')[0];
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !Directory.Exists($"/proc/{id}")) TryDelete(dir);
        }
    }

    /// <summary>Deletes a folder and everything in it, as far as it can; never throws.</summary>
    internal static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET cannot name a file whose name is not UTF-8 (a test makes "caf\xe9.png"); rm takes the bytes as they are.
            using var rm = System.Diagnostics.Process.Start("rm", ["-rf", "--", dir]);
            rm?.WaitForExit();
        }
    }
}

/// <summary>
/// xunit's own framework, plus deleting the scratch root when the run ends. xunit 2 has no assembly teardown; the test
/// host may be killed before a ProcessExit handler runs, and the base class disposes its tracked objects on a
/// background task that the host's exit cuts short (a whole suite's root was left half deleted), so this deletes first,
/// on the calling thread.
/// </summary>
public sealed class ScratchCleaningFramework(IMessageSink sink) : XunitTestFramework(sink), IDisposable
{
    // Dispose is not virtual in xunit 2: re-implementing the interface puts this first for the runner, which calls it
    // through the interface.
    void IDisposable.Dispose()
    {
        Scratch.DeleteAll();
        Dispose();
    }
}
