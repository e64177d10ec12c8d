using BlockSwap.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Scoring;

/// <summary>
/// MeCo (Jiang et al., NeurIPS 2023): for every conv layer, the output feature map of the batch's first image as
/// C rows of H·W values; the smallest eigenvalue of their C×C Pearson correlation matrix (NaN and ∞ entries as 0);
/// score = the sum over layers.
/// </summary>
public sealed class MecoProxy : IProxy
{
    public string Name => "meco";
    public string Description => "Sum over conv layers of the smallest eigenvalue of the channel correlation matrix of one image's feature map (Jiang et al. 2023); no labels, training-mode BN, one image";

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var minima = new List<double>();
        var hooks = network.modules().OfType<Conv2d>()
            .Select(c => c.register_forward_hook((_, _, output) =>
            {
                minima.Add(SmallestEigenvalue(output[0].detach()));
                return output;
            })).ToArray();
        try
        {
            network.train();
            using (no_grad()) network.call(images);
        }
        finally
        {
            foreach (var h in hooks) h.remove();
        }
        return new ProxyScore(minima.Sum());
    }

    /// <summary>The smallest eigenvalue of the channel correlation matrix of one C×H×W feature map.</summary>
    public static double SmallestEigenvalue(Tensor feature)
    {
        using var scope = NewDisposeScope();
        var rows = feature.reshape(feature.shape[0], -1).to(ScalarType.Float64);
        var corr = corrcoef(rows).nan_to_num(0, 0, 0);
        return linalg.eigvalsh(corr, 'L').min().cpu().item<double>();
    }
}
