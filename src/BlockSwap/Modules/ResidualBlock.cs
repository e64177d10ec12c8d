using BlockSwap.Layers;
using static TorchSharp.torch;

namespace BlockSwap.Modules;

/// <summary>
/// A pre-activation residual block built from its <see cref="ResidualSpec"/>: the pre-activation, branch and
/// shortcut modules are registered under their spec names, in the reference's order (bn1, conv1, bn2, conv2,
/// convShortcut), so seeded initialisation and state_dict keys follow the reference.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] preActivation;
    private readonly nn.Module<Tensor, Tensor>[] branch;
    // Modules are held in arrays, never in fields of a module type: TorchSharp registers such fields under the
    // field's name as well, which would add state_dict keys the reference does not have.
    private readonly nn.Module<Tensor, Tensor>[] shortcut = [];
    private readonly ComputeSettings compute;

    public ResidualBlock(ResidualSpec spec, ComputeSettings compute) : base(spec.Name)
    {
        Spec = spec;
        this.compute = compute;
        preActivation = Register(spec.PreActivation);
        branch = Register(spec.Branch);
        if (spec.Shortcut is { } s)
        {
            shortcut = [LayerModules.Create(s, compute)];
            register_module(s.Name, shortcut[0]);
        }
    }

    public ResidualSpec Spec { get; }

    private nn.Module<Tensor, Tensor>[] Register(IReadOnlyList<LayerSpec> layers)
    {
        var modules = layers.Select(l => LayerModules.Create(l, compute)).ToArray();
        for (int i = 0; i < layers.Count; i++)
            register_module(layers[i].Name, modules[i]);
        return modules;
    }

    public override Tensor forward(Tensor x) => Forward(x, out _);

    /// <summary>The block output; <paramref name="residual"/> is the residual-branch output r (the Fisher probe point).</summary>
    public Tensor Forward(Tensor x, out Tensor residual)
    {
        var a = LayerModules.Run(preActivation, x, compute);
        var r = LayerModules.Run(branch, a, compute);
        residual = r;
        if (!compute.ResidualLinks) return r;
        return (shortcut.Length == 0 ? x : shortcut[0].call(a)) + r;
    }
}
