using static TorchSharp.torch;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// A CPU tensor's own memory for the hand-written kernels. TorchSharp hands it out as a Span, whose length is an int:
/// tensors of 2 GiB or more cannot be read this way, and this one guard says so instead of failing somewhere inside.
/// </summary>
public static class TensorMemory
{
    public static Span<byte> Bytes(Tensor t, string kernel) =>
        t.numel() * t.ElementSize <= int.MaxValue
            ? t.bytes
            : throw new BlockSwapException($"{kernel} on a tensor of {t.numel() * t.ElementSize / (1 << 20):N0} MiB: the CPU kernels read tensors below 2 GiB; use a smaller batch (or --micro-batches), or --layout nchw");
}
