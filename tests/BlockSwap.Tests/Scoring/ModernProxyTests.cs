using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Scoring;

/// <summary>The zero-cost proxies of 2021–2023, each against an independent computation.</summary>
public class ModernProxyTests
{
    private static NetworkPlan Plan() => new NetworkSpec(Architecture.WideResNet(10, 1, classes: 3, inChannels: 1, inputSize: 8), Genotype.Parse("DConvA4,ConvB2,Conv")).ToPlan();

    private static (Tensor X, Tensor Y) Batch(int n = 6)
    {
        var gen = new Generator(11);
        return (randn(new long[] { n, 1, 8, 8 }, generator: gen), randint(0, 3, new long[] { n }, generator: gen));
    }

    private static double Pearson(double[] a, double[] b) => BlockSwap.Foundation.Statistics.Ranking.Pearson(a, b);

    [Fact]
    public void JacobCov_OfTwoRows_IsTheClosedFormOfEigenvalues1PlusMinusR()
    {
        double[] a = [1, 2, 3, 5], b = [2, 1, 4, 4];
        double r = Pearson(a, b), k = 1e-5;
        double expected = -(Math.Log(1 + r + k) + 1 / (1 + r + k) + Math.Log(1 - r + k) + 1 / (1 - r + k));
        using var j = tensor(a.Concat(b).ToArray()).view(2, 4);
        Assert.Equal(expected, JacobCovProxy.FromJacobian(j), 9);
    }

    [Fact]
    public void JacobCov_JacobianIsTheGradientOfSummedLogits_CheckedByFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        using var net = new BlockSwapNetwork(Plan(), 3);
        net.to(ScalarType.Float64);
        net.train();
        var (x, _) = Batch(3);
        x = x.to(ScalarType.Float64);
        var xg = x.clone().requires_grad_(true);
        var g = autograd.grad([net.call(xg).Logits.sum()], [xg])[0];
        double F(Tensor input) { using (no_grad()) return net.call(input).Logits.sum().item<double>(); }
        const double h = 1e-6;
        foreach (var (n, p) in new[] { (0, 5), (1, 30), (2, 63) })
        {
            var plus = x.clone(); plus[n, 0, p / 8, p % 8] += h;
            var minus = x.clone(); minus[n, 0, p / 8, p % 8] -= h;
            double fd = (F(plus) - F(minus)) / (2 * h);
            Assert.Equal(fd, g[n, 0, p / 8, p % 8].item<double>(), 6);
        }
    }

    [Fact]
    public void Zico_OfHandGradients_IsTheSumOfLogRatios()
    {
        // Layer 1: mean|g| = (2, 2, 0), std = (1, 0, 0) → only the first weight counts: log(2/1).
        // Layer 2: mean|g| = 1, std = 1 → log 1 = 0.
        using var l1 = tensor(new double[] { 1, 2, 0, 3, 2, 0 }).view(2, 3);
        using var l2 = tensor(new double[] { 1, -1 }).view(2, 1);
        Assert.Equal(Math.Log(2), ZicoProxy.FromGradients([l1, l2]), 12);
    }

    [Fact]
    public void Zico_EqualsAnExplicitPerHalfComputation()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        using var net = new BlockSwapNetwork(Plan(), 5);
        net.train();
        var weights = net.modules().Select(m => m switch { Conv2d c => (Tensor?)c.weight, Linear l => l.weight, _ => null }).OfType<Tensor>().ToArray();
        var halves = new[] { (x[..3], y[..3]), (x[3..], y[3..]) }
            .Select(h => autograd.grad([nn.functional.cross_entropy(net.call(h.Item1).Logits, h.Item2)], weights).Select(t => t.flatten().to(ScalarType.Float64).data<double>().ToArray()).ToArray())
            .ToArray();
        double expected = 0;
        for (int layer = 0; layer < weights.Length; layer++)
        {
            double sum = 0;
            for (int w = 0; w < halves[0][layer].Length; w++)
            {
                double g0 = halves[0][layer][w], g1 = halves[1][layer][w];
                double mean = (Math.Abs(g0) + Math.Abs(g1)) / 2, std = Math.Abs(g0 - g1) / 2;
                if (std != 0) sum += mean / std;
            }
            if (sum != 0) expected += Math.Log(sum);
        }
        Assert.Equal(expected, new ZicoProxy().Score(net, x, y).Value, 1e-6 * Math.Abs(expected) + 1e-9);
    }

    [Fact]
    public void Meco_SmallestEigenvalue_IsOneMinusAbsR_AndZeroForAConstantChannel()
    {
        double[] a = [1, 2, 3, 5], b = [2, 1, 4, 4];
        using var two = tensor(a.Concat(b).ToArray()).view(2, 2, 2);
        Assert.Equal(1 - Math.Abs(Pearson(a, b)), MecoProxy.SmallestEigenvalue(two), 9);
        using var three = tensor(a.Concat(b).Concat(new double[] { 7, 7, 7, 7 }).ToArray()).view(3, 2, 2);
        Assert.Equal(0, MecoProxy.SmallestEigenvalue(three), 9);
    }

    [Fact]
    public void Meco_SumsOverEveryModuleOfTheFirstImage_AsItsCodeHooksThem()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        using var net = new BlockSwapNetwork(Plan(), 6);
        // Written out: every module's 4-D output of the first image, batch norm and ReLU as separate modules, and each
        // group's last block once more (the reference's NetworkBlock container returns it).
        var seen = new List<(nn.Module Module, double Value)>();
        var hooks = net.modules().OfType<nn.Module<Tensor, Tensor>>().Select(m => m.register_forward_hook((module, _, o) =>
        {
            if (o.dim() == 4) seen.Add((module, MecoProxy.SmallestEigenvalue(o[0].detach())));
            return o;
        })).ToArray();
        net.Compute.BatchNorm = BlockSwap.Foundation.Runtime.BatchNormKernel.LibTorch;
        net.train();
        using (no_grad()) net.PrePoolFeatures(x);
        foreach (var h in hooks) h.remove();
        Assert.Equal(Plan().Layout.All.Sum(CountConvs), seen.Count(s => s.Module is Conv2d));
        Assert.Contains(seen, s => s.Module is BatchNorm2d);
        Assert.Contains(seen, s => s.Module is BlockSwap.Engine.Modules.TappedReLU);
        Assert.Equal(net.Blocks.Count, seen.Count(s => s.Module is BlockSwap.Engine.Modules.ResidualBlock));
        double groups = net.Architecture.GroupOutputIndices.Sum(i => seen.Single(s => ReferenceEquals(s.Module, net.Blocks[i])).Value);
        double expected = seen.Sum(s => s.Value) + groups;

        using var fresh = new BlockSwapNetwork(Plan(), 6);
        Assert.Equal(expected, new MecoProxy().Score(fresh, x, y).Value, 6);
        Assert.Equal(BlockSwap.Foundation.Runtime.BatchNormKernel.Float64, fresh.Compute.BatchNorm);   // the scoring kernel is back
        double convsOnly = seen.Where(s => s.Module is Conv2d).Sum(s => s.Value);
        Assert.NotEqual(convsOnly, expected, 3);   // release 0.7's conv-only sum is another score
    }

    private static int CountConvs(BlockSwap.Description.Layers.LayerSpec l) => l switch
    {
        BlockSwap.Description.Layers.ConvSpec => 1,
        BlockSwap.Description.Layers.SequenceSpec s => s.Layers.Sum(CountConvs),
        BlockSwap.Description.Layers.ResidualSpec r => r.PreActivation.Concat(r.Branch).Sum(CountConvs) + (r.Shortcut is null ? 0 : 1),
        _ => 0,
    };

    [Fact]
    public void Zen_EqualsAnExplicitComputation_AndRestoresTheNetwork()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        using var net = new BlockSwapNetwork(Plan(), 7);
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        double score = new ZenProxy().Score(net, x, y).Value;
        foreach (var (k, v) in net.state_dict())
            Assert.Equal(0.0, (v.to(ScalarType.Float64) - before[k].to(ScalarType.Float64)).abs().max().item<double>());
        Assert.True(net.Compute.ResidualLinks);   // the links are back for everyone else

        // The same recipe written out: N(0,1) weights in module order, Gaussian input and perturbation, per-image sums,
        // on the network without its residual links (each block's output is its branch alone), as Zen-NAS scores.
        using var copy = new BlockSwapNetwork(Plan(), 7);
        using var gen = new Generator(ZenProxy.InitSeed(copy));   // seeded from the initial weights, the same for the copy
        using (no_grad())
        {
            foreach (var m in copy.modules())
            {
                if (m is Conv2d c) c.weight!.normal_(0, 1, gen);
                if (m is Linear l) { l.weight!.normal_(0, 1, gen); l.bias!.zero_(); }
            }
            copy.train();
            copy.Compute.ResidualLinks = false;
            var a = randn(x.shape, generator: gen);
            var b = a + 0.01 * randn(x.shape, generator: gen);
            var fa = copy.PrePoolFeatures(a).to(ScalarType.Float64);
            var fb = copy.PrePoolFeatures(b).to(ScalarType.Float64);
            double delta = 0;
            for (int n = 0; n < x.shape[0]; n++) delta += (fa[n] - fb[n]).abs().sum().item<double>();
            delta /= x.shape[0];
            double bn = 0;
            foreach (var m in copy.modules().OfType<BatchNorm2d>())
            {
                var v = m.running_var!.to(ScalarType.Float64).data<double>().ToArray();
                bn += 0.5 * Math.Log(v.Average());
            }
            Assert.Equal(Math.Log(delta) + bn, score, 5);
            // With the links kept (the release 0.7 score) the value is another one: the switch is not idle.
            copy.Compute.ResidualLinks = true;
            var withLinks = (copy.PrePoolFeatures(a) - copy.PrePoolFeatures(b)).abs().sum([1, 2, 3]).mean().item<float>();
            Assert.NotEqual(delta, withLinks, 3);
        }
        // Another initialisation draws its own weights and inputs: its score differs (a fixed generator gave the same).
        using var other = new BlockSwapNetwork(Plan(), 8);
        Assert.NotEqual(ZenProxy.InitSeed(net), ZenProxy.InitSeed(other));
        Assert.NotEqual(score, new ZenProxy().Score(other, x, y).Value);
        Assert.Equal(score, new ZenProxy().Score(net, x, y).Value);
    }

    [Fact]
    public void Ensemble_RanksByMeanRank_AndNamesItsParts()
    {
        var r = ProxyRanking.Parse("ensemble:fisher, synflow");
        Assert.True(r.IsEnsemble);
        Assert.Equal("ensemble:fisher,synflow", r.Name);
        var rows = new[] { (1.0, 10.0), (3.0, 30.0), (2.0, 5.0) }
            .Select(t => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["fisher"] = t.Item1, ["synflow"] = t.Item2 }).ToArray();
        // fisher ranks (1, 3, 2), synflow ranks (2, 3, 1) → means (1.5, 3, 1.5).
        Assert.Equal(new[] { 1.5, 3, 1.5 }, r.Values(rows));
        Assert.Contains("two different", Assert.Throws<BlockSwapException>(() => ProxyRanking.Parse("ensemble:fisher,fisher")).Message);
        Assert.Contains("unknown proxy", Assert.Throws<BlockSwapException>(() => ProxyRanking.Parse("ensemble:fisher,nope")).Message);
    }
}
