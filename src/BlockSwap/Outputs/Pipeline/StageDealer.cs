namespace BlockSwap.Outputs.Pipeline;

/// <summary>
/// Which of a run's independent stages this process runs: every rank numbers them in the same order, and rank r of n
/// takes those whose number is r modulo n (one process: all of them).
/// </summary>
internal sealed class StageDealer(int rank, int ranks)
{
    private int next;

    public static StageDealer Everything() => new(0, 1);

    /// <summary>Whether the next stage is this process's (advances to the stage after it).</summary>
    public bool Deal() => next++ % ranks == rank;
}

/// <summary>What every stage of one run shares: its settings, network, data, device, folder, progress and cancellation.</summary>
internal sealed record RunContext(RunSettings Settings, BlockSwap.Engine.Networks.Architecture Arch, Data.DataSplits Data, TorchSharp.torch.Device Device, string OutDir,
    IPipelineProgress Progress, CancellationToken Cancel);
