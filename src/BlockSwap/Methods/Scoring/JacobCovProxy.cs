using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// Jacobian covariance (Mellor et al. 2021, first version of NASWOT): the gradient of the summed logits with
/// respect to each input image, flattened per image to J (N×D); with λ the eigenvalues of the N×N correlation
/// matrix of J's rows, score = −Σ (log(λ + k) + 1/(λ + k)), k = 1e-5. A correlation with a constant row (NaN)
/// counts as 0.
/// </summary>
public sealed class JacobCovProxy : IProxy
{
    public string Name => "jacob_cov";
    public string Description => "Input-Jacobian correlation of the batch (Mellor et al. 2021 v1); no labels, training-mode BN, one minibatch";

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        network.train();
        var x = images.detach().clone().requires_grad_(true);
        var logits = network.call(x).Logits;
        var jacobian = autograd.grad([logits.sum()], [x])[0];
        return new ProxyScore(FromJacobian(jacobian.flatten(1).to(ScalarType.Float64)));
    }

    /// <summary>The score of a Jacobian matrix, one row per example.</summary>
    public static double FromJacobian(Tensor jacobian)
    {
        using var scope = NewDisposeScope();
        var corr = corrcoef(jacobian.to(ScalarType.Float64)).nan_to_num(0, 0, 0);
        var eig = linalg.eigvalsh(corr, 'L');
        const double k = 1e-5;
        return -((eig + k).log() + 1.0 / (eig + k)).sum().cpu().item<double>();
    }
}
