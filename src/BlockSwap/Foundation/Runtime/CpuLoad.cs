namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// How busy the machine is with other work: CPU time of all processes (<c>/proc/stat</c>) less this process's
/// (<c>/proc/self/stat</c>) over a short window, in cores. Linux only; null where it cannot be read.
/// </summary>
public static class CpuLoad
{
    public static double? OtherProcessesCores(TimeSpan window)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var (all0, self0) = (BusyTicks(), SelfTicks());
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Thread.Sleep(window);
            var (all1, self1) = (BusyTicks(), SelfTicks());
            double seconds = watch.Elapsed.TotalSeconds;
            const double ticksPerSecond = 100; // USER_HZ, 100 on every Linux ABI .NET supports
            return Math.Max(0, (all1 - all0 - (self1 - self0)) / ticksPerSecond / seconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Advice for libtorch's <paramref name="threads"/> beside other CPU-bound work, where every parallel region waits for
    /// its slowest thread (the demo's student epoch took 43 s with 2 threads and 34 s with 1 beside one busy process);
    /// null on a quiet machine. The thread count is never changed for the user: results depend on it.
    /// </summary>
    public static string? ThreadAdvice(int threads)
    {
        if (threads < 2 || OtherProcessesCores(TimeSpan.FromMilliseconds(100)) is not { } busy || busy < 0.5) return null;
        int suggested = Math.Max(1, threads - (int)Math.Round(busy));
        return $"other processes keep about {busy:F1} of the {threads} cores busy; -j {suggested} usually runs faster beside them (results depend on the thread count, so it is not chosen for you)";
    }

    /// <summary>user + nice + system + irq + softirq + steal of the machine, in ticks.</summary>
    private static long BusyTicks()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(f[1]) + long.Parse(f[2]) + long.Parse(f[3]) + long.Parse(f[6]) + long.Parse(f[7]) + long.Parse(f[8]);
    }

    /// <summary>utime + stime of this process, in ticks (fields 14 and 15, counted after the command name).</summary>
    private static long SelfTicks()
    {
        var s = File.ReadAllText("/proc/self/stat");
        var f = s[(s.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(f[11]) + long.Parse(f[12]);
    }
}
