using BlockSwap.Engine.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// Zen-score (Lin et al., ICCV 2021): with every conv and FC weight redrawn from N(0, 1) (biases 0, BN γ = 1, β = 0)
/// and Gaussian inputs x and x + 0.01·ε, Δ = mean over images of Σ |f(x) − f(x + 0.01·ε)| on the feature map f the
/// head pools; score = log Δ + Σ over BN layers of log √mean(running variance), read after the two training-mode
/// passes, with the residual links removed (each block's output is its branch alone), as Zen-NAS defines the score.
/// The network's own weights, statistics and links are restored afterwards. The redraws are seeded from the network's
/// initial weights, so each initialisation scores differently.
/// </summary>
public sealed class ZenProxy : IProxy
{
    public const double Perturbation = 0.01;

    public string Name => "zen";
    public string Description => "Zen-score: log feature-map change under a small input perturbation plus BN scaling, N(0,1) weights, residual links removed (Lin et al. 2021); no labels or data (Gaussian inputs of the batch's shape), training-mode BN";

    /// <summary>
    /// The generator of the redrawn weights and Gaussian inputs, seeded from the network's own initial weights: each
    /// initialisation draws its own (a fixed generator made every init score the same, so "stability 1.000" and a mean
    /// over inits meant nothing), and the same network and init always score the same.
    /// </summary>
    public static ulong InitSeed(BlockSwapNetwork network)
    {
        using var _ = no_grad();
        var first = network.parameters().First();
        var values = first.flatten().narrow(0, 0, Math.Min(64, first.numel())).to(ScalarType.Float64).cpu().data<double>().ToArray();
        ulong h = 0x5EED;
        foreach (var v in values) h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 0x100000001B3UL;
        return h;
    }

    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var saved = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        using var gen = new Generator(InitSeed(network));
        bool links = network.Compute.ResidualLinks;
        try
        {
            network.Compute.ResidualLinks = false;
            using (no_grad())
            {
                foreach (var module in network.modules())
                {
                    switch (module)
                    {
                        case Conv2d c:
                            c.weight!.normal_(0, 1, gen);
                            break;
                        case Linear l:
                            l.weight!.normal_(0, 1, gen);
                            l.bias!.zero_();
                            break;
                        case BatchNorm2d b:
                            b.weight!.fill_(1);
                            b.bias!.zero_();
                            break;
                    }
                }
                network.train();
                var x = randn(images.shape, generator: gen).to(images.device);
                var mixed = x + Perturbation * randn(images.shape, generator: gen).to(images.device);
                var delta = (network.PrePoolFeatures(x) - network.PrePoolFeatures(mixed)).abs().sum([1, 2, 3]).mean().to(ScalarType.Float64);
                var bnScale = network.modules().OfType<BatchNorm2d>()
                    .Sum(b => Math.Log(Math.Sqrt(b.running_var!.to(ScalarType.Float64).mean().cpu().item<double>())));
                return new ProxyScore(Math.Log(delta.cpu().item<double>()) + bnScale);
            }
        }
        finally
        {
            network.Compute.ResidualLinks = links;
            using (no_grad())
            {
                foreach (var (key, value) in network.state_dict()) value.copy_(saved[key]);
            }
        }
    }
}
