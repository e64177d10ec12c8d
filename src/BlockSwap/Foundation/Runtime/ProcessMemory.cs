using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// The process's resident memory, and handing back the free heap that glibc keeps. <see cref="TorchRuntime"/> turns
/// glibc's trimming off so that a search's activation buffers are reused, not re-faulted; the price is that a long
/// job's heap only grows: a search's buffers of many sizes and ONNX Runtime's sessions leave free pages behind that
/// the next stage may never reuse. Returning them once per finished search keeps a long <c>run</c> flat.
/// </summary>
public static partial class ProcessMemory
{
    private static bool noTrim = !OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    /// <summary>
    /// Gives the C heap's free pages back to the kernel (glibc's malloc_trim over every arena, except the free top of a
    /// thread's own arena, which glibc keeps); a no-op elsewhere.
    /// </summary>
    public static void ReturnFreeHeap()
    {
        if (noTrim) return;
        try { MallocTrim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { noTrim = true; }   // not glibc (e.g. musl)
    }

    /// <summary>Resident set size in bytes (VmRSS of /proc/self/status), or null where the system does not say.</summary>
    public static long? ResidentBytes()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
