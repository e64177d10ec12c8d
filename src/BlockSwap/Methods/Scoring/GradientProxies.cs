using BlockSwap.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>Shared step of the parameter-gradient proxies: one backward of the mean cross-entropy, then read conv/FC weights and their gradients.</summary>
internal static class WeightGradients
{
    /// <summary>Weights of every conv and linear layer, the only ones these proxies read (as zero-cost-nas does).</summary>
    public static IEnumerable<Parameter> Weights(nn.Module network) =>
        network.modules().Select(m => m switch { Conv2d c => c.weight, Linear l => l.weight, _ => null }).OfType<Parameter>();

    public static double Sum(BlockSwapNetwork network, Tensor images, Tensor labels, Func<Tensor, Tensor, Tensor> term)
    {
        using var scope = NewDisposeScope();
        network.train();
        network.zero_grad();
        var loss = nn.functional.cross_entropy(network.call(images).Logits, labels);
        loss.backward();
        var total = stack(Weights(network).Select(w => term(w.detach(), w.grad!).to(ScalarType.Float64)).ToArray()).sum();
        double value = total.cpu().item<double>();
        network.zero_grad();
        return value;
    }
}

/// <summary>SNIP (Lee et al. 2019): Σ |w ⊙ ∂L/∂w| over conv and FC weights.</summary>
public sealed class SnipProxy : IProxy
{
    public string Name => "snip";
    public string Description => "SNIP saliency: sum of |weight × gradient| (Lee et al. 2019)";
    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels) =>
        new(WeightGradients.Sum(network, images, labels, (w, g) => (w * g).abs().sum()));
}

/// <summary>Gradient norm: Σ over conv and FC layers of ‖∂L/∂w‖₂.</summary>
public sealed class GradNormProxy : IProxy
{
    public string Name => "grad-norm";
    public string Description => "Sum over layers of the L2 norm of the weight gradient";
    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels) =>
        new(WeightGradients.Sum(network, images, labels, (_, g) => g.norm()));
}
