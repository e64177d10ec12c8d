using BlockSwap.Tests.Layering;

namespace BlockSwap.Tests;

public class ScratchTests
{
    [Fact]
    public void Folder_IsNewAndEmpty_UnderThisProcesssRoot()
    {
        string a = Scratch.Folder("bs-scratch-"), b = Scratch.Folder("bs-scratch-");
        Assert.NotEqual(a, b);
        Assert.Empty(Directory.EnumerateFileSystemEntries(a));
        Assert.StartsWith("bs-scratch-", Path.GetFileName(a));
        Assert.StartsWith($"blockswap-tests-{Environment.ProcessId}-", Path.GetFileName(Path.GetDirectoryName(a)));
    }

    [Fact]
    public void Sweep_DeletesAnEndedProcesssRoot_AndKeepsALiveOnes()
    {
        // pid 1 is always alive; no pid reaches int.MaxValue (Linux caps them at 2^22).
        string ended = Path.Combine(Path.GetTempPath(), $"blockswap-tests-{int.MaxValue}-sweep"), live = Path.Combine(Path.GetTempPath(), "blockswap-tests-1-sweep");
        Directory.CreateDirectory(Path.Combine(ended, "bs-x"));
        Directory.CreateDirectory(live);
        // A name that is not UTF-8, as ImageFolderTests makes: .NET's own delete cannot remove it.
        using (var sh = System.Diagnostics.Process.Start("sh", ["-c", "touch \"$(printf \"$1/caf\\351.png\")\"", "sh", Path.Combine(ended, "bs-x")])!)
            sh.WaitForExit();
        Assert.Single(Directory.GetFiles(Path.Combine(ended, "bs-x")));
        try
        {
            Scratch.SweepAbandonedRoots();
            Assert.False(Directory.Exists(ended));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(Path.GetDirectoryName(Scratch.Folder("bs-scratch-"))));
        }
        finally
        {
            Scratch.TryDelete(live);
            Scratch.TryDelete(ended);
        }
    }

    [Fact]
    public void NoTestMakesTempFoldersOfItsOwn()
    {
        // Anything made outside the scratch root outlives the run.
        var tests = Path.Combine(LayerTests.FindRoot(), "tests", "BlockSwap.Tests");
        var offenders = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && Path.GetFileName(f) is not ("Scratch.cs" or "ScratchTests.cs"))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("CreateTempSubdirectory") || text.Contains("GetTempFileName")))
            .Select(f => Path.GetRelativePath(tests, f)).ToList();
        Assert.Empty(offenders);
    }
}
