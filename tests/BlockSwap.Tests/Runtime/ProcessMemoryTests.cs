using System.Runtime.InteropServices;
using BlockSwap.Foundation.Runtime;

namespace BlockSwap.Tests.Runtime;

[Collection(ProcessMemoryCollection.Name)]
public class ProcessMemoryTests
{
    private const int Blocks = 1024, BlockBytes = 64 * 1024;   // 64 MiB in blocks below glibc's mmap threshold

    [DllImport("libc", SetLastError = true)]
    private static extern int mincore(IntPtr address, nuint length, [Out] byte[] resident);

    /// <summary>The share of whole pages inside each block that are in memory (mincore: per page, not per process).</summary>
    private static double ResidentShare(IntPtr[] blocks)
    {
        int page = Environment.SystemPageSize;
        long inside = 0, resident = 0;
        foreach (var b in blocks)
        {
            long first = (b + page - 1) / page * page, end = (b + BlockBytes) / page * page;
            var vec = new byte[(end - first) / page];
            Assert.Equal(0, mincore((IntPtr)first, (nuint)(end - first), vec));
            inside += vec.Length;
            resident += vec.Count(v => (v & 1) != 0);
        }
        return (double)resident / inside;
    }

    [Fact]
    public void FreedHeap_StaysInMemory_UntilItIsReturned()
    {
        TorchRuntime.Initialise();   // trimming off, as in every run
        // Each block is followed by a live spacer, so a freed block cannot merge into the top of this thread's arena,
        // which malloc_trim leaves alone outside the main arena (a test runs on a pool thread).
        var ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();
        var blocks = new IntPtr[Blocks];
        var spacers = new IntPtr[Blocks];
        for (int i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);   // malloc
            Marshal.Copy(ones, 0, blocks[i], BlockBytes);    // make its pages resident
            spacers[i] = Marshal.AllocHGlobal(BlockBytes);   // never written
        }
        long touched = ProcessMemory.ResidentBytes() ?? throw new InvalidOperationException("no VmRSS on this system");
        for (int i = 0; i < Blocks; i++) Marshal.FreeHGlobal(blocks[i]);
        // The pages inside a freed block stay mapped (the heap keeps them); mincore reads exactly those.
        double kept = ResidentShare(blocks);
        ProcessMemory.ReturnFreeHeap();
        double left = ResidentShare(blocks);
        for (int i = 0; i < Blocks; i++) Marshal.FreeHGlobal(spacers[i]);

        const long total = (long)Blocks * BlockBytes;
        // The process's RSS holds at least the touched blocks (it need not rise by them: earlier tests' free heap may serve them).
        Assert.True(touched >= total, $"VmRSS {touched >> 20} MiB is less than the {total >> 20} MiB of touched, live blocks");
        Assert.True(kept > 0.95, $"{kept:P0} of the freed blocks' pages stayed in memory, though trimming is off");
        Assert.True(left < 0.25, $"{left:P0} of the freed blocks' pages are still in memory after returning the free heap");
    }
}
