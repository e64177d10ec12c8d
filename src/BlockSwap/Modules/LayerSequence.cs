using BlockSwap.Layers;
using static TorchSharp.torch;

namespace BlockSwap.Modules;

/// <summary>Layers applied in order, each registered under its spec's name (a substitute instance, a stem, a head).</summary>
public sealed class LayerSequence : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] layers;
    private readonly ComputeSettings compute;

    public LayerSequence(SequenceSpec spec, ComputeSettings compute) : this(spec.Name, spec.Layers, compute) { }

    public LayerSequence(string name, IReadOnlyList<LayerSpec> layers, ComputeSettings compute) : base(name)
    {
        this.compute = compute;
        this.layers = layers.Select(l => LayerModules.Create(l, compute)).ToArray();
        for (int i = 0; i < layers.Count; i++)
            register_module(layers[i].Name, this.layers[i]);
    }

    public override Tensor forward(Tensor x) => LayerModules.Run(layers, x, compute);
}
