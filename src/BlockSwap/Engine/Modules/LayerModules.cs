using BlockSwap.Description.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

/// <summary>Builds the modules a run of <see cref="LayerSpec"/>s describes; every ReLU reports through the network's tap.</summary>
public static class LayerModules
{
    /// <summary>
    /// The steps that run <paramref name="layers"/> in order; each module is handed to <paramref name="register"/>
    /// under its spec name, in forward order (a batch norm's ReLU right after it), so state_dict keys and seeded
    /// initialisation follow the reference.
    /// </summary>
    public static nn.Module<Tensor, Tensor>[] Build(IReadOnlyList<LayerSpec> layers, ComputeSettings compute, Action<string, nn.Module> register)
    {
        var steps = new nn.Module<Tensor, Tensor>[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is BatchNormSpec spec)
            {
                var bn = nn.BatchNorm2d(spec.Channels);
                register(spec.Name, bn);
                TappedReLU? relu = null;
                if (spec.Relu is { } r)
                {
                    relu = new TappedReLU(compute.Tap);
                    register(r.Name, relu);
                }
                steps[i] = new BatchNormAct(bn, relu, compute);
            }
            else
            {
                steps[i] = Create(layers[i], compute);
                register(layers[i].Name, steps[i]);
            }
        }
        return steps;
    }

    private static nn.Module<Tensor, Tensor> Create(LayerSpec spec, ComputeSettings compute) => spec switch
    {
        ConvSpec c => nn.Conv2d(c.In, c.Out, c.Kernel, stride: c.Stride, padding: c.Padding, groups: c.Groups, bias: false),
        ReluSpec => new TappedReLU(compute.Tap),
        MaxPoolSpec m => nn.MaxPool2d(m.Kernel, m.Stride, m.Padding),
        GlobalPoolSpec => new GlobalAveragePool(),
        LinearSpec l => nn.Linear(l.In, l.Out),
        SequenceSpec s => new LayerSequence(s, compute),
        ResidualSpec r => new ResidualBlock(r, compute),
        _ => throw new InvalidOperationException(spec.GetType().Name),
    };

    /// <summary>
    /// Runs steps in order, disposing each intermediate output once the next step has read it. Autograd holds what
    /// backward needs by its own reference, so this frees only what nothing needs: without it every activation of a
    /// frozen teacher's forward lived to the end of the training step (1.3 GB in a WRN-40-2 student's AT step).
    /// </summary>
    public static Tensor Run(IReadOnlyList<nn.Module<Tensor, Tensor>> steps, Tensor x)
    {
        var h = x;
        foreach (var step in steps) h = Replace(h, step.call(h), x);
        return h;
    }

    /// <summary>Returns <paramref name="next"/>, disposing <paramref name="previous"/> unless it is <paramref name="kept"/> or next itself.</summary>
    public static Tensor Replace(Tensor previous, Tensor next, Tensor kept)
    {
        if (!ReferenceEquals(previous, kept) && !ReferenceEquals(previous, next)) previous.Dispose();
        return next;
    }
}

/// <summary>Global average pooling flattened to N×C.</summary>
public sealed class GlobalAveragePool() : nn.Module<Tensor, Tensor>("GlobalAveragePool")
{
    public override Tensor forward(Tensor x) => Pool(x);

    /// <summary>N×C×H×W → N×C, the 4-D intermediate freed at once.</summary>
    public static Tensor Pool(Tensor x)
    {
        using var pooled = nn.functional.adaptive_avg_pool2d(x, 1);
        return pooled.flatten(1);
    }
}
