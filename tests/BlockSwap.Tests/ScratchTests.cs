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
        try
        {
            Scratch.SweepAbandonedRoots();
            Assert.False(Directory.Exists(ended));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(Path.GetDirectoryName(Scratch.Folder("bs-scratch-"))));
        }
        finally
        {
            Directory.Delete(live, true);
            if (Directory.Exists(ended)) Directory.Delete(ended, true);
        }
    }
}
