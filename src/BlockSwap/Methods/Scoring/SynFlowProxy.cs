using BlockSwap.Engine.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// SynFlow (Tanaka et al. 2020), data-free: with every weight replaced by its absolute value and an all-ones
/// input, R = Σ outputs; score Σ |θ ⊙ ∂R/∂θ| over conv and FC weights. In double precision (the products
/// overflow float32 on deep networks) and evaluation-mode BN (fresh statistics: an affine identity), as the
/// zero-cost-proxy literature does. Signs and precision are restored afterwards.
/// </summary>
public sealed class SynFlowProxy : IProxy
{
    public string Name => "synflow";
    public string Description => "Synaptic flow with |weights| and an all-ones input, float64 (Tanaka et al. 2020)";

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var parameters = network.parameters().ToArray();
        var signs = new Tensor[parameters.Length];
        using (no_grad())
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                signs[i] = parameters[i].sign();
                parameters[i].abs_();
            }
        }
        bool wasTraining = network.training;
        network.eval();
        network.to(ScalarType.Float64);
        try
        {
            network.zero_grad();
            var shape = images.shape.ToArray();
            shape[0] = 1;
            var ones = torch.ones(shape, ScalarType.Float64, images.device);
            network.call(ones).Logits.sum().backward();
            var total = stack(WeightGradients.Weights(network).Select(w => (w.detach() * w.grad!).abs().sum()).ToArray()).sum();
            return new ProxyScore(total.cpu().item<double>());
        }
        finally
        {
            network.zero_grad();
            network.to(ScalarType.Float32);
            using (no_grad())
            {
                // parameters() after the dtype change are new tensors; restore signs on the live ones.
                var live = network.parameters().ToArray();
                for (int i = 0; i < live.Length; i++) live[i].mul_(signs[i]);
            }
            network.train(wasTraining);
        }
    }
}
