using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// Prepares libtorch before the first tensor is made and resolves <c>--device</c>.
/// With <c>BLOCKSWAP_TORCH_LIB</c> naming a folder (e.g. a Python <c>site-packages/torch/lib</c>), that
/// folder's libtorch is loaded first, so a CUDA PyTorch install lends its GPU support to TorchSharp.
/// </summary>
public static class TorchRuntime
{
    public const string TorchLibVariable = "BLOCKSWAP_TORCH_LIB";
    private static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    private static readonly object Gate = new();
    private static bool initialised;
    private static bool cudaLoaded;

    /// <summary>Loads an external libtorch if <c>BLOCKSWAP_TORCH_LIB</c> is set; idempotent.</summary>
    public static void Initialise()
    {
        lock (Gate)
        {
            if (initialised) return;
            initialised = true;
            KeepFreedMemoryInProcess();
            LimitOpenMpSpinning();
            var dir = Environment.GetEnvironmentVariable(TorchLibVariable);
            if (string.IsNullOrWhiteSpace(dir)) return;
            if (!Directory.Exists(dir))
                throw new BlockSwapException($"{TorchLibVariable}={dir} is not a folder; point it at a libtorch folder such as site-packages/torch/lib, or unset it");
            foreach (var lib in LoadOrder)
            {
                var path = Path.Combine(dir, lib);
                if (!File.Exists(path)) continue;
                if (!NativeLibrary.TryLoad(path, out _))
                    throw new BlockSwapException($"{TorchLibVariable}: could not load {path}; check that it matches this machine (CUDA driver, glibc)");
                if (lib == "libtorch_cuda.so") cudaLoaded = true;
            }
            if (cudaLoaded)
                torch.InitializeDeviceType(DeviceType.CUDA);
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);

    /// <summary>
    /// glibc returns freed blocks above its mmap threshold straight to the kernel, so every forward/backward pass
    /// re-faults its activation buffers (most of a CPU search's time went to system calls). Raising the mmap
    /// threshold to its 32 MiB ceiling and disabling trimming keeps those buffers for reuse: 0.67 → 0.47 s per
    /// WRN-40-2 candidate in the search benchmark on 2 cores. A finished search returns its free heap
    /// (<see cref="ProcessMemory.ReturnFreeHeap"/>), so a long job does not keep every stage's.
    /// </summary>
    private static void KeepFreedMemoryInProcess()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
            MallOpt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
            MallOpt(M_TRIM_THRESHOLD, int.MaxValue);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): keep the allocator's defaults.
        }
    }

    /// <summary>
    /// libgomp's idle workers spin 300,000 times before sleeping. Beside another CPU-bound process that spinning
    /// takes the core the other thread of a parallel region needs: the demo's DConvA8 student epoch went from 20.8 s
    /// to 64.8 s beside one busy process, and to 44.3 s with 1,000 spins, unchanged on a quiet machine (21.0 s).
    /// Must run before libtorch loads; a user's OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
    /// </summary>
    private static void LimitOpenMpSpinning()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (!NativeEnvironment.IsSet("OMP_WAIT_POLICY") && !NativeEnvironment.IsSet("GOMP_SPINCOUNT"))
                NativeEnvironment.Set("GOMP_SPINCOUNT", "1000");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: leave OpenMP's defaults.
        }
    }

    /// <summary>The library, TorchSharp and libtorch versions, and the devices this process can use.</summary>
    public static IReadOnlyList<string> Describe()
    {
        Initialise();
        static string Version(System.Reflection.Assembly a) => ToolVersion.Of(a).Version;
        var external = Environment.GetEnvironmentVariable(TorchLibVariable);
        return
        [
            $"BlockSwap.NET {ToolVersion.Version}" + (ToolVersion.Commit is { } c ? $" (commit {c[..Math.Min(12, c.Length)]})" : ""),
            $"TorchSharp {Version(typeof(torch).Assembly)}, libtorch {LibTorchVersion}" + (string.IsNullOrWhiteSpace(external) ? " (CPU build)" : $" from {external}"),
            torch.cuda.is_available() ? $"devices: cpu, cuda:0..cuda:{torch.cuda.device_count() - 1} ({torch.cuda.device_count()} GPU)" : "devices: cpu (no CUDA libtorch loaded)",
            $"CPU threads: {torch.get_num_threads()}",
        ];
    }

    /// <summary>The libtorch package this build restores (from the build's LibTorchVersion property).</summary>
    public static string LibTorchVersion =>
        typeof(TorchRuntime).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "LibTorchVersion")?.Value ?? "?";

    /// <summary>Resolves <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, with a clear error when CUDA is not available.</summary>
    public static Device ResolveDevice(string name) => ResolveDevice(DeviceChoice.Parse(name));

    /// <summary>The device, with a clear error when this machine has no such GPU.</summary>
    public static Device ResolveDevice(DeviceChoice choice)
    {
        Initialise();
        if (!choice.Cuda) return CPU;
        if (!torch.cuda.is_available())
            throw new BlockSwapException($"device {choice}: no CUDA libtorch is loaded; set {TorchLibVariable} to a CUDA PyTorch's torch/lib folder, or use the cpu device");
        int index = choice.Index ?? 0;
        if (index >= torch.cuda.device_count())
            throw new BlockSwapException($"device {choice}: no such GPU; this machine has {torch.cuda.device_count()} (cuda:0..cuda:{torch.cuda.device_count() - 1})");
        return new Device(DeviceType.CUDA, index);
    }

    /// <summary>The device of a rank of a job of <paramref name="ranks"/>: with several, plain cuda gives local rank r (its place on its node) the GPU r mod count.</summary>
    public static Device ResolveDevice(DeviceChoice choice, int localRank, int ranks)
    {
        var device = ResolveDevice(choice);
        if (ranks > 1 && device.type == DeviceType.CUDA && choice.Index is null)
            device = new Device(DeviceType.CUDA, localRank % torch.cuda.device_count());
        return device;
    }

    /// <summary>
    /// Sets libtorch's intra-op threads (0 keeps its default of one per core). Returns a warning for more threads than
    /// cores, which makes them wait for each other and the job many times slower.
    /// </summary>
    public static string? SetThreads(int threads)
    {
        if (threads < 0) throw new BlockSwapException($"--threads {threads} is invalid: use 0 (libtorch's default) or a positive count");
        if (threads > 0) torch.set_num_threads(threads);
        return threads > Environment.ProcessorCount
            ? $"-j {threads} is more threads than this machine's {Plural.Of(Environment.ProcessorCount, "core")}; libtorch's threads then wait for each other and the job runs many times slower: use -j {Environment.ProcessorCount} or less"
            : null;
    }
}
