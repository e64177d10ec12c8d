namespace BlockSwap.Cli.Commands;

/// <summary>
/// Beside other CPU-bound work every libtorch parallel region waits for its slowest thread: the demo's student epoch
/// took 43 s with 2 threads and 34 s with 1 beside one busy process (21 s on a quiet machine). The thread count is not
/// changed behind the user's back, since results depend on it; the user is told, once, when the work starts (after the
/// input was checked, so an error stays one line), at a terminal and in a log alike (a queue's logs are where a slow
/// run is investigated).
/// </summary>
internal static class LoadAdvice
{
    /// <summary>Set when libtorch runs on the CPU with its default thread count (no -j) in the reporting process.</summary>
    public static bool Armed { get; set; }

    public static void Show()
    {
        if (!Armed) return;
        Armed = false;
        int threads = TorchSharp.torch.get_num_threads();
        if (threads < 2 || BlockSwap.Foundation.Runtime.CpuLoad.OtherProcessesCores(TimeSpan.FromMilliseconds(100)) is not { } busy || busy < 0.5) return;
        int suggested = Math.Max(1, threads - (int)Math.Round(busy));
        Console.Error.WriteLine($"note: other processes keep about {busy:F1} of the {threads} cores busy; -j {suggested} usually runs faster beside them (results depend on the thread count, so it is not chosen for you)");
    }
}
