using BlockSwap.Engine.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// ZiCo (Li et al., ICLR 2023): the minibatch is split in two; each half's mean cross-entropy is back-propagated
/// separately, giving two gradients per weight. For every conv and FC layer, with mean|g| and std(g) taken over the
/// halves (population std) on the weights whose std is not zero, the layer adds log(Σ mean|g| / std(g)); the score
/// is the sum over layers.
/// </summary>
public sealed class ZicoProxy : IProxy
{
    public const int Splits = 2;

    public string Name => "zico";
    public string Description => "Sum over layers of log Σ mean|grad|/std(grad) across two half-batches (Li et al. 2023); needs labels, training-mode BN, one minibatch of at least 2";

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        if (images.shape[0] < Splits)
            throw new BlockSwapException($"zico needs a minibatch of at least {Splits} images; got {images.shape[0]}");
        using var scope = NewDisposeScope();
        network.train();
        var weights = WeightGradients.Weights(network).ToArray();
        var perSplit = new List<Tensor[]>();
        try
        {
            foreach (var (x, y) in images.chunk(Splits).Zip(labels.chunk(Splits)))
            {
                network.zero_grad();
                nn.functional.cross_entropy(network.call(x).Logits, y).backward();
                perSplit.Add(weights.Select(w => w.grad!.detach().flatten().to(ScalarType.Float64).clone()).ToArray());
            }
        }
        finally
        {
            network.zero_grad();
        }
        var layers = Enumerable.Range(0, weights.Length).Select(i => stack(perSplit.Select(s => s[i]).ToArray()));
        return new ProxyScore(FromGradients(layers));
    }

    /// <summary>The score of per-layer gradients, each S×P (S splits, P weights).</summary>
    public static double FromGradients(IEnumerable<Tensor> layers)
    {
        double total = 0;
        foreach (var g in layers)
        {
            using var scope = NewDisposeScope();
            var std = g.std(0, unbiased: false);
            var nonzero = std.ne(0);
            double sum = (g.abs().mean([0]).masked_select(nonzero) / std.masked_select(nonzero)).sum().cpu().item<double>();
            if (sum != 0) total += Math.Log(sum);
        }
        return total;
    }
}
