using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Training;

/// <summary>
/// SGD with momentum and weight decay on every parameter, exactly PyTorch's form (spec §7.2):
/// d = g + wd·w; buf = μ·buf + d (first step buf = d); w −= lr·buf. Written here, not taken from
/// TorchSharp, so the momentum buffers are plain tensors the checkpoint saves and restores bit for bit.
/// </summary>
public sealed class SgdMomentum : IDisposable
{
    private readonly Parameter[] parameters;

    public SgdMomentum(IEnumerable<Parameter> parameters, double momentum, double weightDecay)
    {
        this.parameters = parameters.ToArray();
        Momentum = momentum;
        WeightDecay = weightDecay;
        Buffers = new Tensor?[this.parameters.Length];
    }

    public double Momentum { get; }
    public double WeightDecay { get; }
    /// <summary>Momentum buffers, null until a parameter's first step.</summary>
    public Tensor?[] Buffers { get; }

    public void Step(double lr)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.grad is null) continue;
            var d = WeightDecay != 0 ? p.grad + WeightDecay * p : p.grad.clone();
            if (Momentum != 0)
            {
                if (Buffers[i] is null)
                {
                    Buffers[i] = d.detach().clone().DetachFromDisposeScope();
                }
                else
                {
                    Buffers[i]!.mul_(Momentum).add_(d);
                }
                d = Buffers[i]!;
            }
            p.sub_(lr * d);
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in parameters) p.grad?.zero_();
    }

    public void Dispose()
    {
        foreach (var b in Buffers) b?.Dispose();
    }
}
