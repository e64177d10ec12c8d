using System.Globalization;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// How busy the rest of the machine was while something was timed: the share of all CPUs' time that other processes
/// used, and the share the hypervisor gave to other guests (steal). A latency timed beside a training, a build or a
/// noisy neighbour is slower and noisier than on a quiet machine, and its report should say so rather than leave the
/// reader to guess (three reports of one experiment disagreed by more than their intervals, and one had overlapped a build).
/// </summary>
public sealed record MachineLoad(double Seconds, int Cpus, double OtherShare, double StealShare)
{
    /// <summary>Below this share of the machine for both others and steal, the machine counts as quiet.</summary>
    public const double QuietBelow = 0.05;

    public bool Quiet => OtherShare < QuietBelow && StealShare < QuietBelow;

    public string Describe() =>
        $"other processes used {Percent(OtherShare)} of the machine's {Cpus} CPU{(Cpus == 1 ? "" : "s")} and other guests (steal) {Percent(StealShare)} " +
        $"over the {Seconds:F0} s of timing: " +
        (Quiet ? "quiet" : "NOT quiet, so these latencies may be slower and noisier than on a quiet machine");

    private static string Percent(double share) => (share * 100).ToString("F0", CultureInfo.InvariantCulture) + " %";

    /// <summary>
    /// The load between two readings of /proc/stat (all CPUs, in clock ticks) over a span of work, given this process's
    /// own CPU seconds over the same span, which are not the others'.
    /// </summary>
    public static MachineLoad Between(CpuTimes before, CpuTimes after, double ownCpuSeconds, double seconds, double ticksPerSecond)
    {
        double total = (after.Total - before.Total) / ticksPerSecond;
        if (total <= 0) return new MachineLoad(seconds, after.Cpus, 0, 0);
        double busy = (after.Busy - before.Busy) / ticksPerSecond;
        double steal = (after.Steal - before.Steal) / ticksPerSecond;
        return new MachineLoad(seconds, after.Cpus, Math.Clamp((busy - ownCpuSeconds) / total, 0, 1), Math.Clamp(steal / total, 0, 1));
    }
}
