using BlockSwap.Description.Layers;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// The complete layer description of a network: stem, every block with its wrapper and shortcut, head. Names
/// are module names, so a layer's path is its state_dict key prefix. <see cref="BlockSwapNetwork"/> builds its
/// modules from this, the counts and MACs sum over it, and the ONNX exporter and BN folding walk it.
/// </summary>
public sealed record NetworkLayout(int InputSize, IReadOnlyList<LayerSpec> Stem, IReadOnlyList<ResidualSpec> Blocks, IReadOnlyList<LayerSpec> Head)
{
    /// <summary>Every top-level layer in forward order: stem, blocks, head.</summary>
    public IEnumerable<LayerSpec> All => Stem.Concat(Blocks).Concat(Head);

    public long Parameters => All.Sum(l => l.Parameters);

    public long Macs => LayerSpec.MacsOf(All, InputSize);
}
