using BlockSwap.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Blocks;

/// <summary>One instance of a block type, built layer by layer from the catalogue's <see cref="LayerSpec"/>s.</summary>
public sealed class SubstituteInstance : nn.Module<Tensor, Tensor>
{
    private readonly (LayerSpec Spec, nn.Module<Tensor, Tensor> Module)[] layers;

    public SubstituteInstance(string name, BlockType type, int a, int b, int stride, ActivationTap? tap = null) : base(name)
    {
        Type = type;
        tap ??= new ActivationTap();
        layers = type.Layers(a, b, stride).Select(s => (s, Create(s, tap))).ToArray();
        foreach (var (spec, module) in layers)
            register_module(spec.Name, module);
    }

    public BlockType Type { get; }

    /// <summary>The layers with their modules, in forward order (for export and BN folding).</summary>
    public IReadOnlyList<(LayerSpec Spec, nn.Module<Tensor, Tensor> Module)> Layers => layers;

    internal static nn.Module<Tensor, Tensor> Create(LayerSpec spec, ActivationTap tap) => spec switch
    {
        ConvSpec c => nn.Conv2d(c.In, c.Out, c.Kernel, stride: c.Stride, padding: c.Padding, groups: c.Groups, bias: false),
        BatchNormSpec bn => nn.BatchNorm2d(bn.Channels),
        ReluSpec => new TappedReLU(tap),
        _ => throw new InvalidOperationException(spec.GetType().Name),
    };

    public override Tensor forward(Tensor x)
    {
        foreach (var (_, module) in layers)
            x = module.call(x);
        return x;
    }
}
