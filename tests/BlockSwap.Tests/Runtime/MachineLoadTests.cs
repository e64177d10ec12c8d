using BlockSwap.Foundation.Runtime;

namespace BlockSwap.Tests.Runtime;

public class MachineLoadTests
{
    private static CpuTimes Stat(string cpuLine, int cpus = 2) =>
        CpuTimes.Parse(new[] { cpuLine }.Concat(Enumerable.Range(0, cpus).Select(i => $"cpu{i} 1 0 0 1 0 0 0 0 0 0")).Append("intr 12 0"))!;

    [Fact]
    public void ProcStat_IsReadAsBusyStealTotalAndCpus()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        var t = Stat("cpu  2283404 57815 58977 114773 1805 0 370 10350 0 0");
        Assert.Equal(2283404 + 57815 + 58977 + 370, t.Busy);
        Assert.Equal(10350, t.Steal);
        Assert.Equal(2283404 + 57815 + 58977 + 114773 + 1805 + 370 + 10350, t.Total);
        Assert.Equal(2, t.Cpus);
        Assert.Null(CpuTimes.Parse(["cpu  1 2 3"]));
        Assert.Null(CpuTimes.Parse(["intr 1", "cpu0 1 0 0 1 0 0 0 0"]));
    }

    [Fact]
    public void OtherProcesses_AreTheBusyTimeLessThisProcesssOwn()
    {
        // 10.5 s of CPU time passed over both CPUs (1,050 ticks of 100 a second), 7 s of it busy, 4 s of that this
        // process's own: others used 3 of 10.5 s; the hypervisor stole 0.5 s.
        var before = Stat("cpu 1000 0 200 5000 0 0 0 50 0 0");
        var after = Stat("cpu 1600 0 300 5300 0 0 0 100 0 0");
        var load = MachineLoad.Between(before, after, ownCpuSeconds: 4, seconds: 5.25, ticksPerSecond: 100);
        Assert.Equal(3 / 10.5, load.OtherShare, 12);
        Assert.Equal(0.5 / 10.5, load.StealShare, 12);
        Assert.False(load.Quiet);
        Assert.Equal("other processes used 29 % of the machine's 2 CPUs and other guests (steal) 5 % over the 5 s of timing: " +
                     "NOT quiet, so these latencies may be slower and noisier than on a quiet machine", load.Describe());
        // All the busy time this process's own, and 4.8 % stolen (under 5 %): quiet.
        var alone = MachineLoad.Between(before, after, ownCpuSeconds: 7, seconds: 5.25, ticksPerSecond: 100);
        Assert.Equal(0, alone.OtherShare, 12);
        Assert.True(alone.Quiet);
        Assert.EndsWith("over the 5 s of timing: quiet", alone.Describe());
    }

    [SkippableFact]
    public void AProbe_OnLinux_MeasuresTheSpanItWasOpenFor()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc/stat");
        var probe = MachineLoadProbe.Start();
        var until = DateTime.UtcNow.AddMilliseconds(300);
        double x = 0;
        while (DateTime.UtcNow < until) x += Math.Sqrt(x + 1);   // this process's own work is not the others'
        var load = probe.Stop();
        Assert.NotNull(load);
        Assert.InRange(load!.Seconds, 0.25, 30);
        Assert.InRange(load.OtherShare, 0, 1);
        Assert.InRange(load.StealShare, 0, 1);
        Assert.True(load.Cpus >= 1 && x > 0);
    }
}
