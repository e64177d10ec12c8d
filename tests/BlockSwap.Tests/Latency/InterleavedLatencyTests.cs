using BlockSwap.Description.Blocks;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Latency;

public class InterleavedLatencyTests
{
    private static readonly Architecture Arch = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16);

    private static NetworkPlan Plan(params string[] blocks) => new NetworkSpec(Arch, new Genotype(blocks.Select(BlockCatalogue.Get).ToArray())).ToPlan();

    [Fact]
    public void EveryNetwork_GetsAMedianInsideItsInterval_OverTheRoundsAsked()
    {
        var settings = new InterleavedLatencySettings { Warmup = 1, Burst = 3, MinRounds = 6, MaxRounds = 6 };
        var plans = new[] { Plan("Conv", "Conv", "Conv"), Plan("DConv", "DConv", "DConv"), Plan("Conv", "Conv", "Conv") };
        var measured = LatencyPanel.Measure(plans, settings);
        Assert.Equal(3, measured.Count);
        foreach (var m in measured)
        {
            foreach (var e in new[] { m.Batch1, m.BatchLarge })
            {
                Assert.Equal(6, e.Rounds);
                Assert.True(e.LowerMs > 0 && e.LowerMs <= e.MedianMs && e.MedianMs <= e.UpperMs, $"{e}");
            }
            Assert.Equal(1, m.Batch1.Batch);
            Assert.Equal(LatencyPanel.LargeBatch, m.BatchLarge.Batch);
            Assert.True(m.BatchLarge.MedianMs > m.Batch1.MedianMs, $"batch 32 {m.BatchLarge.MedianMs} ms against batch 1 {m.Batch1.MedianMs} ms");
        }
    }

    [Fact]
    public void Rounds_StopAtTheTarget_OrAtTheLimit()
    {
        // An unreachable target runs every round allowed; one that any width meets stops at the minimum. (A finite
        // "generous" target is not: beside two trainings a one-run round once took over 200 times the median.)
        var plans = new[] { Plan("Conv", "DConv", "Conv") };
        var strict = LatencyPanel.Measure(plans, new InterleavedLatencySettings { Warmup = 0, Burst = 1, MinRounds = 6, MaxRounds = 9, TargetRelativeHalfWidth = 0 });
        Assert.Equal(9, strict[0].Batch1.Rounds);
        var loose = LatencyPanel.Measure(plans, new InterleavedLatencySettings { Warmup = 0, Burst = 1, MinRounds = 6, MaxRounds = 9, TargetRelativeHalfWidth = double.PositiveInfinity });
        Assert.Equal(6, loose[0].Batch1.Rounds);
        // The time limit stops timing only after the minimum: a panel of many networks still gets its rounds.
        var late = LatencyPanel.Measure(plans, new InterleavedLatencySettings { Warmup = 0, Burst = 1, MinRounds = 6, MaxRounds = 9, TargetRelativeHalfWidth = 0, MaxTime = TimeSpan.Zero });
        Assert.Equal(6, late[0].Batch1.Rounds);
    }

    [Fact]
    public void AStopRequest_EndsTheTiming_WithinABurst()
    {
        // Asked for 100,000 rounds and an hour, the timing ends soon after the request (Ctrl-C during a run's report).
        var plans = new[] { Plan("Conv", "DConv", "Conv") };
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<OperationCanceledException>(() => LatencyPanel.Measure(plans,
            new InterleavedLatencySettings { MinRounds = 100_000, MaxRounds = 100_000, MaxTime = TimeSpan.FromHours(1) }, stop.Token));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(60));
    }
}
