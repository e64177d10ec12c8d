using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// Runs the parts of a managed loop on libtorch's own OpenMP threads. After every parallel operator libtorch's
/// OpenMP workers spin for a while; .NET pool threads started then compete with them for the cores (on 2 cores the
/// channels-last batch-norm kernels ran slower than libtorch's). Borrowing the same team avoids that. Falls back to
/// <see cref="Parallel.For(int, int, Action{int})"/> where no OpenMP runtime is loaded.
/// </summary>
public static unsafe class TorchThreads
{
    private static readonly delegate* unmanaged<delegate* unmanaged<void*, void>, void*, uint, uint, void> GompParallel;
    private static readonly delegate* unmanaged<int> ThreadNum;
    private static readonly delegate* unmanaged<int> ThreadCount;

    static TorchThreads()
    {
        _ = TorchSharp.torch.get_num_threads(); // loads libtorch, and with it its OpenMP runtime
        var library = LoadedOpenMp();
        if (library is null || !NativeLibrary.TryLoad(library, out var handle)) return;
        if (NativeLibrary.TryGetExport(handle, "GOMP_parallel", out var parallel)
            && NativeLibrary.TryGetExport(handle, "omp_get_thread_num", out var num)
            && NativeLibrary.TryGetExport(handle, "omp_get_num_threads", out var count))
        {
            GompParallel = (delegate* unmanaged<delegate* unmanaged<void*, void>, void*, uint, uint, void>)parallel;
            ThreadNum = (delegate* unmanaged<int>)num;
            ThreadCount = (delegate* unmanaged<int>)count;
        }
    }

    /// <summary>True when loops run on libtorch's OpenMP team.</summary>
    public static bool UsesOpenMp => GompParallel != null;

    /// <summary>The OpenMP runtime libtorch loaded (GNU's or Intel's, which exports the same entry points).</summary>
    private static string? LoadedOpenMp()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : "")
                .FirstOrDefault(p => Path.GetFileName(p) is var f && (f.StartsWith("libgomp", StringComparison.Ordinal) || f.StartsWith("libiomp5", StringComparison.Ordinal)));
        }
        catch (IOException) { return null; }
    }

    /// <summary>Calls <paramref name="body"/> once for each part 0..parts-1, in parallel; exceptions surface on the caller.</summary>
    public static void For(int parts, Action<int> body)
    {
        var job = new Job(body, parts);
        if (parts <= 1) job.Execute(0, 1);
        else if (GompParallel == null) Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = TorchSharp.torch.get_num_threads() }, p => job.Execute(p, parts));
        else
        {
            var handle = GCHandle.Alloc(job);
            // At most libtorch's thread count: the team shares the parts (asking for one thread per part
            // oversubscribed 2 cores with 64 threads and halved the search's speed).
            uint threads = (uint)Math.Clamp(TorchSharp.torch.get_num_threads(), 1, parts);
            try { GompParallel(&Run, (void*)GCHandle.ToIntPtr(handle), threads, 0); }
            finally { handle.Free(); }
        }
        if (job.Error is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
    }

    private sealed class Job(Action<int> body, int parts)
    {
        public Exception? Error;

        public void Execute(int thread, int threads)
        {
            try
            {
                for (int p = thread; p < parts; p += threads) body(p);
            }
            catch (Exception e) { Error ??= e; }
        }
    }

    [UnmanagedCallersOnly]
    private static void Run(void* data)
    {
        var job = (Job)GCHandle.FromIntPtr((nint)data).Target!;
        job.Execute(ThreadNum(), ThreadCount());
    }
}
