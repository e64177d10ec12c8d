using BlockSwap.Layers;
using static TorchSharp.torch;

namespace BlockSwap.Modules;

/// <summary>Layers applied in order, each registered under its spec's name (a substitute instance, a stem, a head).</summary>
public sealed class LayerSequence : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] layers;

    public LayerSequence(SequenceSpec spec, ActivationTap tap) : this(spec.Name, spec.Layers, tap) { }

    public LayerSequence(string name, IReadOnlyList<LayerSpec> layers, ActivationTap tap) : base(name)
    {
        this.layers = layers.Select(l => LayerModules.Create(l, tap)).ToArray();
        for (int i = 0; i < layers.Count; i++)
            register_module(layers[i].Name, this.layers[i]);
    }

    public override Tensor forward(Tensor x) => LayerModules.Run(layers, x);
}
