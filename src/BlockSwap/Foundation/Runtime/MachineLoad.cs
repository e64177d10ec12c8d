using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

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

/// <summary>
/// The CPU time counters of /proc/stat's "cpu" line (all CPUs together), in clock ticks: busy (user, nice, system, irq,
/// softirq; guest time is inside user), steal, and the total of those with idle and iowait; and the machine's CPUs (the
/// "cpuN" lines, which the process's affinity does not narrow).
/// </summary>
public sealed record CpuTimes(long Busy, long Steal, long Total, int Cpus)
{
    public static CpuTimes? Parse(IEnumerable<string> lines)
    {
        long[]? v = null;
        int cpus = 0;
        foreach (var line in lines)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || !f[0].StartsWith("cpu", StringComparison.Ordinal)) continue;
            if (f[0] != "cpu") { cpus++; continue; }
            if (f.Length < 9) return null;
            v = new long[8];
            for (int i = 0; i < 8; i++)
                if (!long.TryParse(f[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out v[i])) return null;
        }
        // user nice system idle iowait irq softirq steal
        return v is null || cpus == 0 ? null : new CpuTimes(v[0] + v[1] + v[2] + v[5] + v[6], v[7], v.Sum(), cpus);
    }
}

/// <summary>Reads the machine's load over a span of work (Linux; elsewhere it reads nothing and says null).</summary>
public sealed partial class MachineLoadProbe
{
    private readonly CpuTimes? before;
    private readonly TimeSpan ownBefore;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private MachineLoadProbe()
    {
        before = Read();
        ownBefore = OwnCpu();
    }

    public static MachineLoadProbe Start() => new();

    /// <summary>The load since <see cref="Start"/>, or null where /proc/stat or the clock tick cannot be read.</summary>
    public MachineLoad? Stop()
    {
        var after = Read();
        if (before is null || after is null || TicksPerSecond() is not { } ticks) return null;
        return MachineLoad.Between(before, after, (OwnCpu() - ownBefore).TotalSeconds, clock.Elapsed.TotalSeconds, ticks);
    }

    private static CpuTimes? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try { return CpuTimes.Parse(File.ReadAllLines("/proc/stat")); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private const int ScClkTck = 2; // _SC_CLK_TCK in glibc and musl

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint SysConf(int name);

    private static double? TicksPerSecond()
    {
        try { return SysConf(ScClkTck) is > 0 and var t ? t : null; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }
}
