using BlockSwap.Engine.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// BlockSwap's Fisher potential (docs/method.md, "Fisher potential"): for each block's residual-branch output A with gradient g of the
/// mean cross-entropy, Δ_k = ½·mean_n(Σ_hw A·g)², summed over channels and blocks. Training-mode BN.
/// Gradients are taken with respect to the probed activations only (autograd.grad), so no parameter
/// gradient is ever computed.
/// </summary>
public sealed class FisherPotential : IProxy
{
    /// <summary>The proxy's name in files, options and reports; the paper's proxy and the default.</summary>
    public const string ProxyName = "fisher";

    public string Name => ProxyName;
    public string Description => "Fisher potential of the blocks' residual outputs after one minibatch (BlockSwap)";

    /// <summary>Per-channel Δ for one probe: A and g are N×C×H×W; returns C values.</summary>
    public static Tensor ChannelDeltas(Tensor activation, Tensor gradient) =>
        (activation * gradient).sum([2, 3]).square().mean([0]) * 0.5;

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        network.train();
        Tensor loss;
        Tensor[] residuals;
        // Only the loss and the probed outputs leave the forward's scope: autograd keeps what backward needs and
        // frees each saved activation once used, so the backward reuses warm memory instead of growing the heap.
        using (NewDisposeScope())
        {
            var output = network.Forward(images, collectResiduals: true);
            // In float32 whatever the network's precision (no-ops for a float32 network): the loss and the products.
            loss = nn.functional.cross_entropy(output.Logits.to(ScalarType.Float32), labels).MoveToOuterDisposeScope();
            residuals = output.Residuals.Select(r => r.MoveToOuterDisposeScope()).ToArray();
        }
        var grads = autograd.grad([loss], residuals);
        var values = residuals.Select((r, i) => FisherSums.TrySum(r.detach(), grads[i])
            ?? ChannelDeltas(r.detach().to(ScalarType.Float32), grads[i].to(ScalarType.Float32)).sum().to(ScalarType.Float64).cpu().item<double>()).ToArray();
        return new ProxyScore(values.Sum(), values);
    }
}
