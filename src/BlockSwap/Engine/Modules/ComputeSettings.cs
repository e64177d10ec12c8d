using BlockSwap.Foundation.Runtime;

namespace BlockSwap.Engine.Modules;

/// <summary>
/// How one network's layers compute: shared by every module of the network and set by whoever runs it (scoring wants
/// exact sums, training wants speed). Changing a setting moves results only at float rounding level, except
/// <see cref="ResidualLinks"/>, which one proxy turns off for its own passes.
/// </summary>
public sealed class ComputeSettings
{
    /// <summary>Every ReLU of the network reports through this tap.</summary>
    public ActivationTap Tap { get; } = new();

    /// <summary>Training-mode batch norm on channels-last CPU batches (docs/performance.md, "Channels-last batch norm").</summary>
    public BatchNormKernel BatchNorm { get; set; } = BatchNormKernel.Float64;

    /// <summary>
    /// The layout the network computes in. With channels-last, activations after the stem are made channels-last
    /// even when the input could not carry the layout (a one-channel batch has NCHW strides either way).
    /// </summary>
    public MemoryLayout Layout { get; set; } = MemoryLayout.Nchw;

    /// <summary>
    /// Whether each block adds its shortcut to its branch (true, the network itself). The Zen-score is defined on the
    /// network without residual links (Zen-NAS), so its proxy turns them off for its passes and back on after.
    /// </summary>
    public bool ResidualLinks { get; set; } = true;

    /// <summary>Copies every setting but the tap from <paramref name="other"/>.</summary>
    public void CopyFrom(ComputeSettings other)
    {
        BatchNorm = other.BatchNorm;
        Layout = other.Layout;
        ResidualLinks = other.ResidualLinks;
    }
}
