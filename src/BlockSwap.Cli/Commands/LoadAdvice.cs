namespace BlockSwap.Cli.Commands;

/// <summary>
/// <see cref="BlockSwap.Foundation.Runtime.CpuLoad.ThreadAdvice"/>, shown once when the work starts (after the input was
/// checked, so an error stays one line), at a terminal and in a log alike (a queue's logs are where a slow run is investigated).
/// </summary>
internal static class LoadAdvice
{
    /// <summary>Set when libtorch runs on the CPU with its default thread count (no -j) in the reporting process.</summary>
    public static bool Armed { get; set; }

    public static void Show()
    {
        if (!Armed) return;
        Armed = false;
        if (BlockSwap.Foundation.Runtime.CpuLoad.ThreadAdvice(TorchSharp.torch.get_num_threads()) is { } advice) Console.Error.WriteLine($"note: {advice}");
    }
}
