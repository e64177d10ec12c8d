using BlockSwap.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Networks;

/// <summary>
/// A pre-activation residual block (spec §2.3) holding one (Bottle) or two (Basic) instances of its type.
/// Field names follow the PyTorch reference so state_dict keys read naturally.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn1;
    private readonly SubstituteInstance conv1;
    private readonly BatchNorm2d? bn2;
    private readonly SubstituteInstance? conv2;
    private readonly Conv2d? convShortcut;
    private readonly ActivationTap tap;

    public ResidualBlock(string name, BlockPlan plan, ActivationTap? tap = null) : base(name)
    {
        Plan = plan;
        this.tap = tap ?? new ActivationTap();
        var inst = plan.Instances;
        bn1 = nn.BatchNorm2d(plan.In);
        conv1 = new SubstituteInstance(inst[0].Name, plan.Type, inst[0].In, inst[0].Out, inst[0].Stride, this.tap);
        register_module("bn1", bn1);
        register_module("conv1", conv1);
        if (inst.Count == 2)
        {
            bn2 = nn.BatchNorm2d(plan.Out);
            conv2 = new SubstituteInstance(inst[1].Name, plan.Type, inst[1].In, inst[1].Out, inst[1].Stride, this.tap);
            register_module("bn2", bn2);
            register_module("conv2", conv2);
        }
        if (plan.Shortcut is { } s)
        {
            convShortcut = nn.Conv2d(s.In, s.Out, 1, stride: s.Stride, bias: false);
            register_module("convShortcut", convShortcut);
        }
    }

    public BlockPlan Plan { get; }
    public BatchNorm2d Bn1 => bn1;
    public SubstituteInstance Conv1 => conv1;
    public BatchNorm2d? Bn2 => bn2;
    public SubstituteInstance? Conv2 => conv2;
    public Conv2d? ConvShortcut => convShortcut;

    public override Tensor forward(Tensor x) => Forward(x, out _);

    /// <summary>The block output; <paramref name="residual"/> is the residual-branch output r (the Fisher probe point).</summary>
    public Tensor Forward(Tensor x, out Tensor residual)
    {
        var a = tap.Relu(bn1.call(x));
        var r = conv1.call(a);
        if (conv2 is not null)
            r = conv2.call(tap.Relu(bn2!.call(r)));
        residual = r;
        var shortcut = convShortcut is null ? x : convShortcut.call(a);
        return shortcut + r;
    }
}
