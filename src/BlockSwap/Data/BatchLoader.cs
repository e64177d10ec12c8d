using BlockSwap.Foundation.Runtime;
using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>
/// Cuts a data set into batches: a fresh seeded permutation per epoch (last partial batch kept, as the
/// reference's loader), moved to the device and transformed there.
/// </summary>
public sealed class BatchLoader(Dataset data, int batchSize, long seed, Device device, AugmentOptions? augment = null, MemoryLayout layout = MemoryLayout.Nchw)
{
    /// <summary>The memory layout of the images a batch returns.</summary>
    public MemoryLayout Layout { get; } = layout;
    public Dataset Data { get; } = data;
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new BlockSwapException($"batch size {batchSize} is invalid: use a positive number");
    public Augmenter Augmenter { get; } = new(data.Normalisation, augment ?? AugmentOptions.Standard);
    public Device Device { get; } = device;

    public int BatchesPerEpoch => (Data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The index batches of one epoch, shuffled from (seed, epoch).</summary>
    public IEnumerable<long[]> Epoch(int epoch, bool shuffle = true)
    {
        var order = Enumerable.Range(0, Data.Count).Select(i => (long)i).ToArray();
        if (shuffle) Seeds.Rng(seed, "shuffle", epoch).Shuffle(order);
        for (int start = 0; start < order.Length; start += BatchSize)
            yield return order[start..Math.Min(order.Length, start + BatchSize)];
    }

    /// <summary>Images (augmented with <paramref name="rng"/>, or test-transformed when null) and labels on the device.</summary>
    public (Tensor Images, Tensor Labels) Get(long[] indices, Random? rng)
    {
        var idx = tensor(indices);
        var bytes = Data.Gather(indices).to(Device);
        var labels = Data.Labels.index_select(0, idx).to(Device);
        var images = rng is null ? Augmenter.Test(bytes) : Augmenter.Train(bytes, rng);
        return (images.In(Layout), labels);
    }

    /// <summary>A random training batch of <see cref="BatchSize"/> distinct examples, fully determined by <paramref name="batchSeed"/>.</summary>
    public (Tensor Images, Tensor Labels) RandomBatch(long batchSeed)
    {
        var rng = Seeds.Rng(batchSeed, "batch");
        var order = Enumerable.Range(0, Data.Count).Select(i => (long)i).ToArray();
        rng.Shuffle(order);
        return Get(order[..Math.Min(BatchSize, order.Length)], rng);
    }
}
