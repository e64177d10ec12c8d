using BlockSwap.Foundation.Distributed;

namespace BlockSwap.Methods.Training;

/// <summary>
/// How one global batch is computed (docs/distributed.md): cut into <c>ranks × micro-batches</c> equal contiguous
/// parts, rank r computes parts [r·M, (r+1)·M) one after another, each part's mean loss weighted by its share of the
/// batch, and the gradients are summed over ranks, so every rank applies the same update to the same weights. BN
/// normalises each part with its own statistics (PyTorch DDP's default), so N ranks compute exactly what one process
/// computes with N micro-batches.
/// </summary>
public sealed record BatchSplit(ICommunicator Comm, int MicroBatches = 1)
{
    public static BatchSplit Whole { get; } = new(SingleProcess.Instance);

    public int Parts => Comm.Size * MicroBatches;

    /// <summary>This rank's parts of a batch of <paramref name="batch"/> examples: (start, count), possibly empty.</summary>
    public IEnumerable<(int Start, int Count)> Mine(int batch)
    {
        for (int k = Comm.Rank * MicroBatches; k < (Comm.Rank + 1) * MicroBatches; k++)
        {
            int start = (int)((long)batch * k / Parts), end = (int)((long)batch * (k + 1) / Parts);
            yield return (start, end - start);
        }
    }
}
