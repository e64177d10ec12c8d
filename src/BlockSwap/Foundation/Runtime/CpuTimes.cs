using System.Globalization;

namespace BlockSwap.Foundation.Runtime;

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
