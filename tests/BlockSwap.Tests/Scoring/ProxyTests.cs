using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Scoring;

public class ProxyTests
{
    private static NetworkPlan Plan() => new NetworkSpec(Architecture.WideResNet(10, 1, classes: 3, inChannels: 1, inputSize: 12), Genotype.Parse("DConvA4,ConvB2,Conv")).ToPlan();

    private static (Tensor X, Tensor Y) Batch()
    {
        var gen = new Generator(3);
        return (randn(new long[] { 5, 1, 12, 12 }, generator: gen), randint(0, 3, new long[] { 5 }, generator: gen));
    }

    private static Tensor[] Weights(BlockSwapNetwork net) =>
        net.modules().Select(m => m switch { Conv2d c => (Tensor?)c.weight, Linear l => l.weight, _ => null }).OfType<Tensor>().ToArray();

    [Fact]
    public void EveryProxy_LeavesWeightsUnchanged()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        foreach (var proxy in ProxyRegistry.All)
        {
            using var net = new BlockSwapNetwork(Plan(), 4);
            var before = net.parameters().Select(p => p.detach().clone()).ToArray();
            var score = proxy.Score(net, x, y);
            Assert.True(double.IsFinite(score.Value), proxy.Name);
            var after = net.parameters().ToArray();
            for (int i = 0; i < before.Length; i++)
                Assert.Equal(0f, (before[i] - after[i]).abs().max().item<float>());
            Assert.Equal(ScalarType.Float32, after[0].dtype);
        }
    }

    [Fact]
    public void Snip_AndGradNorm_MatchAutogradOnWeights()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        using var net = new BlockSwapNetwork(Plan(), 4);
        net.train();
        var w = Weights(net);
        var loss = nn.functional.cross_entropy(net.call(x).Logits, y);
        var g = autograd.grad([loss], w);
        double snip = 0, gradNorm = 0;
        for (int i = 0; i < w.Length; i++)
        {
            snip += (w[i].detach() * g[i]).abs().sum().item<float>();
            gradNorm += Math.Sqrt(g[i].square().sum().item<float>());
        }
        Assert.Equal(snip, new SnipProxy().Score(net, x, y).Value, snip * 1e-4);
        Assert.Equal(gradNorm, new GradNormProxy().Score(net, x, y).Value, gradNorm * 1e-4);
    }

    [Fact]
    public void Naswot_EqualsLogDetOfHammingKernel()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        using var net = new BlockSwapNetwork(Plan(), 4);
        var codes = new List<bool[]>[5];
        for (int i = 0; i < 5; i++) codes[i] = [];
        net.train();
        net.Tap.Observer = t =>
        {
            var flat = (t.detach() > 0).flatten(1);
            for (int i = 0; i < 5; i++) codes[i].Add(flat[i].data<bool>().ToArray());
        };
        using (no_grad()) net.call(x);
        net.Tap.Observer = null;
        // K_ij = units on which examples i and j agree = total units − Hamming distance.
        var k = new double[5, 5];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                k[i, j] = codes[i].Zip(codes[j]).Sum(p => p.First.Zip(p.Second).Count(q => q.First == q.Second));
        var expected = linalg.slogdet(tensor(k)).Item2.item<double>();
        Assert.Equal(expected, new NaswotProxy().Score(net, x, y).Value, 6);
    }

    [Fact]
    public void SynFlow_IsExactlyLinearInTheClassifierWeights()
    {
        // With |θ|, an all-ones input, eval-mode BN at fresh statistics (an affine identity) and ReLUs that pass
        // everything positive, every path crosses the FC exactly once, so each term θ·∂R/∂θ is homogeneous of
        // degree 1 in the FC weights: doubling them doubles the score exactly.
        using var scope = NewDisposeScope();
        var (x, y) = Batch();
        using var net = new BlockSwapNetwork(Plan(), 4);
        double s1 = new SynFlowProxy().Score(net, x, y).Value;
        using (no_grad()) net.Classifier.weight!.mul_(2);
        double s2 = new SynFlowProxy().Score(net, x, y).Value;
        Assert.True(s1 > 0 && double.IsFinite(s1));
        Assert.Equal(2.0, s2 / s1, 6);
    }

    [Fact]
    public void Params_IsTheAnalyticCount()
    {
        using var net = new BlockSwapNetwork(Plan(), 1);
        var (x, y) = Batch();
        Assert.Equal(Plan().Parameters, new ParamsProxy().Score(net, x, y).Value);
    }

    [Fact]
    public void UnknownProxy_ListsValidNames()
    {
        var e = Assert.Throws<BlockSwapException>(() => ProxyRegistry.Resolve("magic"));
        Assert.Contains("synflow", e.Message);
        Assert.Equal(10, ProxyRegistry.Resolve("all").Count);
    }
}
