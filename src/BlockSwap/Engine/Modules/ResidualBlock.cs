using BlockSwap.Description.Layers;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

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
        preActivation = LayerModules.Build(spec.PreActivation, compute, Register);
        branch = LayerModules.Build(spec.Branch, compute, Register);
        if (spec.Shortcut is { } s)
            shortcut = LayerModules.Build([s], compute, Register);
    }

    public ResidualSpec Spec { get; }

    private void Register(string name, nn.Module module) => register_module(name, module);

    public override Tensor forward(Tensor x)
    {
        var y = Forward(x, out var r);
        if (!ReferenceEquals(r, y)) r.Dispose();
        return y;
    }

    /// <summary>The block output; <paramref name="residual"/> is the residual-branch output r (the Fisher probe point).</summary>
    public Tensor Forward(Tensor x, out Tensor residual)
    {
        var a = LayerModules.Run(preActivation, x);
        var r = LayerModules.Run(branch, a);
        residual = r;
        Tensor y;
        if (!compute.ResidualLinks) y = r;
        else if (shortcut.Length == 0) y = x + r;
        else
        {
            using var s = shortcut[0].call(a);
            y = s + r;
        }
        // The pre-activation is needed by nothing past this point (autograd holds its own reference).
        if (!ReferenceEquals(a, x)) a.Dispose();
        return y;
    }
}
