using System.Reflection;
using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// How a result was made, beyond its settings: the tool's version and commit, the CPU and the thread count libtorch
/// really used. Results are reproducible only for the same seed, machine and thread count (kernels sum in another
/// order with another count: one genotype and seed ended 7.77 % with one thread and 7.90 % with two), so every
/// result.json carries this, and comparisons should stay within one thread count.
/// </summary>
public sealed record Provenance
{
    /// <summary>BlockSwap.NET's version, e.g. 0.9.0.</summary>
    public required string Version { get; init; }
    /// <summary>The git commit the build was made from (the SDK writes it into the informational version), or null.</summary>
    public string? Commit { get; init; }
    /// <summary>The CPU model, as /proc/cpuinfo names it.</summary>
    public required string Cpu { get; init; }
    /// <summary>Family, model and stepping (a virtual machine's model name, e.g. "AMD EPYC", can cover several generations).</summary>
    public string? CpuId { get; init; }
    /// <summary>The vector extensions that choose libtorch's kernels (and so the rounding): e.g. "avx2 fma avx512f avx512_bf16".</summary>
    public string? CpuFeatures { get; init; }
    public int LogicalCpus { get; init; }
    /// <summary>libtorch's CPU threads, resolved (the -j given, or its default of one per core).</summary>
    public int Threads { get; init; }
    public required string TorchSharp { get; init; }
    public required string LibTorch { get; init; }
    public required string Os { get; init; }

    /// <summary>
    /// What decides a training's floating-point arithmetic: libtorch's thread count, the CPU and libtorch. Two trainings
    /// of one network and seed end alike only when this is the same (the thread count alone moved an error by 0.13
    /// points, the CPU by 0.21).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Arithmetic => $"{Threads} thread{(Threads == 1 ? "" : "s")}, {Cpu}{(CpuId is null ? "" : $" ({CpuId})")}, libtorch {LibTorch}";

    /// <summary>This process, now.</summary>
    public static Provenance Current() => new()
    {
        Version = ToolVersion.Version,
        Commit = ToolVersion.Commit,
        Cpu = CpuModel,
        CpuId = CpuIdentity,
        CpuFeatures = CpuFeatureList,
        LogicalCpus = Environment.ProcessorCount,
        Threads = global::TorchSharp.torch.get_num_threads(),
        TorchSharp = ToolVersion.Of(typeof(global::TorchSharp.torch).Assembly).Version,
        LibTorch = TorchRuntime.LibTorchVersion,
        Os = $"{RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}",
    };

    /// <summary>The CPU model from /proc/cpuinfo (the process architecture where there is none).</summary>
    public static string CpuModel { get; } = CpuInfo("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>"family F model M stepping S" from /proc/cpuinfo, or null.</summary>
    public static string? CpuIdentity { get; } = CpuInfo("cpu family") is { } f ? $"family {f} model {CpuInfo("model")} stepping {CpuInfo("stepping")}" : null;

    private static readonly string[] KernelFeatures = ["avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16", "asimd", "sve"];

    /// <summary>The extensions of <see cref="KernelFeatures"/> this CPU has, space-separated, or null without /proc/cpuinfo.</summary>
    public static string? CpuFeatureList { get; } = (CpuInfo("flags") ?? CpuInfo("Features")) is { } flags
        ? string.Join(" ", KernelFeatures.Where(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet().Contains))
        : null;

    /// <summary>True when the CPU computes in bfloat16 natively (AVX-512 BF16 or AMX), where bf16 training is faster.</summary>
    public static bool HasBf16 => CpuFeatureList?.Split(' ').Any(f => f is "avx512_bf16" or "amx_bf16") == true;

    /// <summary>The value of the first /proc/cpuinfo line whose key is exactly <paramref name="key"/>.</summary>
    private static string? CpuInfo(string key)
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo")) return null;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length == 2 && parts[0].Trim() == key) return parts[1].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}

/// <summary>An assembly's version and source commit, from the informational version the SDK writes ("0.9.0+&lt;commit&gt;").</summary>
public static class ToolVersion
{
    /// <summary>BlockSwap.NET's version.</summary>
    public static string Version => Of(typeof(ToolVersion).Assembly).Version;

    /// <summary>The commit BlockSwap.NET was built from, or null when the build did not record one.</summary>
    public static string? Commit => Of(typeof(ToolVersion).Assembly).Commit;

    public static (string Version, string? Commit) Of(Assembly a)
    {
        var info = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(info)) return (a.GetName().Version?.ToString() ?? "?", null);
        int plus = info.IndexOf('+');
        return plus < 0 ? (info, null) : (info[..plus], info[(plus + 1)..]);
    }
}
