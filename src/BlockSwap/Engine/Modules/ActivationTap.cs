using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Modules;

/// <summary>
/// Every ReLU of a network goes through its tap, so a proxy can observe all rectifier outputs
/// (NASWOT's binary codes) without hooks, which TorchSharp only fires through <c>call</c>.
/// </summary>
public sealed class ActivationTap
{
    /// <summary>Called with each ReLU output while set.</summary>
    public Action<Tensor>? Observer { get; set; }

    public Tensor Relu(Tensor x) => Report(nn.functional.relu(x));

    /// <summary>Reports a ReLU output computed elsewhere (a fused batch norm + ReLU).</summary>
    public Tensor Report(Tensor y)
    {
        Observer?.Invoke(y);
        return y;
    }
}

/// <summary>A ReLU module that reports through an <see cref="ActivationTap"/>.</summary>
public sealed class TappedReLU(ActivationTap tap) : nn.Module<Tensor, Tensor>("ReLU")
{
    public ActivationTap Tap => tap;

    public override Tensor forward(Tensor x) => tap.Relu(x);
}
