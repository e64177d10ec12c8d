namespace BlockSwap.Blocks;

/// <summary>
/// One layer of a substitute block, described without building it. Module construction, parameter
/// and MAC accounting and ONNX export all read these descriptions, so a block's structure is written once.
/// </summary>
public abstract record LayerSpec(string Name)
{
    /// <summary>Learnable scalars of this layer (conv weights; BN γ and β).</summary>
    public abstract long Parameters { get; }
}

/// <summary>A bias-free 2-D convolution.</summary>
public sealed record ConvSpec(string Name, int In, int Out, int Kernel, int Stride, int Padding, int Groups)
    : LayerSpec(Name)
{
    public override long Parameters => (long)Out * (In / Groups) * Kernel * Kernel;

    public int OutputSize(int inputSize) => (inputSize + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>Multiply-accumulates for an input of the given spatial size (square).</summary>
    public long Macs(int inputSize)
    {
        long o = OutputSize(inputSize);
        return o * o * Parameters;
    }
}

/// <summary>Affine batch normalisation (γ and β counted; running statistics not).</summary>
public sealed record BatchNormSpec(string Name, int Channels) : LayerSpec(Name)
{
    public override long Parameters => 2L * Channels;
}

/// <summary>A rectifier; no parameters.</summary>
public sealed record ReluSpec(string Name) : LayerSpec(Name)
{
    public override long Parameters => 0;
}
