using BlockSwap.Description.Layers;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

/// <summary>Layers applied in order, each registered under its spec's name (a substitute instance, a stem, a head).</summary>
public sealed class LayerSequence : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] steps;

    public LayerSequence(SequenceSpec spec, ComputeSettings compute) : this(spec.Name, spec.Layers, compute) { }

    public LayerSequence(string name, IReadOnlyList<LayerSpec> layers, ComputeSettings compute) : base(name) =>
        steps = LayerModules.Build(layers, compute, (n, m) => register_module(n, m));

    public override Tensor forward(Tensor x) => LayerModules.Run(steps, x);
}
