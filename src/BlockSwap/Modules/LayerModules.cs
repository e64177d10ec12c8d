using BlockSwap.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Modules;

/// <summary>Builds the module a <see cref="LayerSpec"/> describes; every ReLU reports through the network's tap.</summary>
public static class LayerModules
{
    public static nn.Module<Tensor, Tensor> Create(LayerSpec spec, ComputeSettings compute) => spec switch
    {
        ConvSpec c => nn.Conv2d(c.In, c.Out, c.Kernel, stride: c.Stride, padding: c.Padding, groups: c.Groups, bias: false),
        BatchNormSpec bn => nn.BatchNorm2d(bn.Channels),
        ReluSpec => new TappedReLU(compute.Tap),
        MaxPoolSpec m => nn.MaxPool2d(m.Kernel, m.Stride, m.Padding),
        GlobalPoolSpec => new GlobalAveragePool(),
        LinearSpec l => nn.Linear(l.In, l.Out),
        SequenceSpec s => new LayerSequence(s, compute),
        ResidualSpec r => new ResidualBlock(r, compute),
        _ => throw new InvalidOperationException(spec.GetType().Name),
    };

    /// <summary>
    /// Runs layers in order. With the float64 kernel chosen, training-mode batch norm on a channels-last batch takes
    /// <see cref="ChannelsLastBatchNorm"/>, with the ReLU that follows it fused in (and reported to its tap).
    /// </summary>
    public static Tensor Run(IReadOnlyList<nn.Module<Tensor, Tensor>> layers, Tensor x, ComputeSettings compute)
    {
        bool exact = compute.BatchNorm == Runtime.BatchNormKernel.Float64;
        for (int i = 0; i < layers.Count; i++)
        {
            if (exact && layers[i] is TorchSharp.Modules.BatchNorm2d bn && ChannelsLastBatchNorm.Applies(bn, x))
            {
                var relu = i + 1 < layers.Count ? layers[i + 1] as TappedReLU : null;
                x = ChannelsLastBatchNorm.Forward(bn, x, relu is not null);
                if (relu is not null)
                {
                    relu.Tap.Report(x);
                    i++;
                }
            }
            else x = layers[i].call(x);
        }
        return x;
    }
}

/// <summary>Global average pooling flattened to N×C.</summary>
public sealed class GlobalAveragePool() : nn.Module<Tensor, Tensor>("GlobalAveragePool")
{
    public override Tensor forward(Tensor x) => nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
}
