using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// MeCo (Jiang et al., NeurIPS 2023), hooked as its code hooks a network, on every module: for each module's output
/// feature map of the batch's first image, as C rows of H·W values, the smallest eigenvalue of their C×C Pearson
/// correlation matrix (NaN and ∞ entries as 0); score = the sum over modules. Every convolution, batch norm, ReLU,
/// block and substitute-block container counts; a group container's output (its last block's) counts again, as the
/// reference's NetworkBlock does; outputs that are not feature maps (pooling, the classifier) add 0 there and are left
/// out here. So that batch norm and ReLU run as the separate modules the hooks see, the pass uses libtorch's batch norm
/// (float32 sums; the scores move at rounding level).
/// </summary>
public sealed class MecoProxy : IProxy
{
    public string Name => "meco";
    public string Description => "Sum over every module of the smallest eigenvalue of the channel correlation matrix of one image's feature map (Jiang et al. 2023); no labels, training-mode BN, one image";

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var minima = new List<double>();
        var blockMinima = new Dictionary<ResidualBlock, double>();
        var hooks = network.modules().OfType<nn.Module<Tensor, Tensor>>()
            .Select(m => m.register_forward_hook((module, _, output) =>
            {
                if (output.dim() == 4)
                {
                    double v = SmallestEigenvalue(output[0].detach());
                    minima.Add(v);
                    if (module is ResidualBlock b) blockMinima[b] = v;
                }
                return output;
            })).ToArray();
        var kernel = network.Compute.BatchNorm;
        try
        {
            network.Compute.BatchNorm = BlockSwap.Foundation.Runtime.BatchNormKernel.LibTorch;
            network.train();
            using (no_grad()) network.PrePoolFeatures(images);
        }
        finally
        {
            network.Compute.BatchNorm = kernel;
            foreach (var h in hooks) h.remove();
        }
        // Each group container's output is its last block's: counted once more.
        double groups = network.Architecture.GroupOutputIndices.Sum(i => blockMinima.GetValueOrDefault(network.Blocks[i]));
        return new ProxyScore(minima.Sum() + groups);
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
