using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Latency;

namespace BlockSwap.Tests;

/// <summary>
/// The small networks and the quick latency setup that the search and latency tests share: a latency table of them
/// is timed in well under a second.
/// </summary>
internal static class TinySetup
{
    /// <summary>WRN-10-1 on 16×16 RGB: one block a group, three positions.</summary>
    public static readonly Architecture Arch = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16);
    /// <summary>WRN-16-1 on 16×16 RGB: two blocks a group, so group-first wrappers differ from the types' own.</summary>
    public static readonly Architecture Arch16 = Architecture.WideResNet(16, 1, classes: 10, inChannels: 3, inputSize: 16);
    public static readonly LatencySetup Quick = new(Batch: 1, Threads: 1, Warmup: 1, Runs: 3);
}
