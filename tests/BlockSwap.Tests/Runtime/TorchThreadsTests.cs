using BlockSwap.Foundation.Runtime;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Runtime;

public class TorchThreadsTests
{
    [Fact]
    public void EveryPart_RunsOnce_OnLibtorchsOpenMpTeam()
    {
        using var warm = ones(2, 2).sum(); // libtorch (and its OpenMP runtime) loaded
        Assert.True(TorchThreads.UsesOpenMp);
        var counts = new int[37];
        TorchThreads.For(counts.Length, p => Interlocked.Increment(ref counts[p]));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void AnExceptionInAPart_SurfacesOnTheCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TorchThreads.For(4, p => { if (p == 3) throw new InvalidOperationException("part 3"); }));
        Assert.Equal("part 3", e.Message);
    }
}
