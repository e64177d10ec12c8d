using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// NASWOT (Mellor et al. 2021): binary codes of every ReLU for each example of the batch; kernel
/// K = Σ_relu (c·cᵀ + (1−c)·(1−c)ᵀ) counts the units on which two examples agree; score log|det K|.
/// </summary>
public sealed class NaswotProxy : IProxy
{
    public string Name => "naswot";
    public string Description => "Log-determinant of the ReLU binary-code agreement kernel (Mellor et al. 2021)";

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        var k = zeros(new long[] { n, n }, ScalarType.Float64, images.device);
        network.train();
        network.Tap.Observer = y =>
        {
            var c = (y.detach() > 0).to(ScalarType.Float32).flatten(1);
            var nc = 1 - c;
            // 0/1 products of at most 2^15 units per ReLU are exact in float32.
            k.add_(c.matmul(c.t()).to(ScalarType.Float64) + nc.matmul(nc.t()).to(ScalarType.Float64));
        };
        try
        {
            using (no_grad()) network.call(images);
        }
        finally
        {
            network.Tap.Observer = null;
        }
        var (_, logabsdet) = linalg.slogdet(k);
        return new ProxyScore(logabsdet.cpu().item<double>());
    }
}
