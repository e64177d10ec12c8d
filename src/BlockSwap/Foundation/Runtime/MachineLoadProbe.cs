using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Runtime;

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
