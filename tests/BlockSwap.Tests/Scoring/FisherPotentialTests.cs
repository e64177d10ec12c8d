using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Scoring;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Scoring;

public class FisherPotentialTests
{
    [Fact]
    public void WorkedExample_Gives30Point5()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 0, 1 }).view(2, 1, 1, 2);
        var g = tensor(new float[] { 3, 4, 1, -1 }).view(2, 1, 1, 2);
        Assert.Equal(30.5, FisherPotential.ChannelDeltas(a, g).item<float>(), 5);
    }

    private static (BlockSwapNetwork Net, Tensor X, Tensor Y) Tiny(long seed = 5)
    {
        var plan = new NetworkSpec(Architecture.WideResNet(10, 1, classes: 4, inputSize: 16), Genotype.Parse("Conv,G8B2,DConv")).ToPlan();
        var gen = new Generator(99);
        return (new BlockSwapNetwork(plan, seed), randn(new long[] { 6, 3, 16, 16 }, generator: gen), randint(0, 4, new long[] { 6 }, generator: gen));
    }

    /// <summary>Independent computation: full backward with retained gradients on the probed outputs, plain loops.</summary>
    private static double[] ReferenceBlockPotentials(BlockSwapNetwork net, Tensor x, Tensor y, bool summedLoss)
    {
        net.train();
        var output = net.Forward(x, collectResiduals: true);
        foreach (var r in output.Residuals) r.retain_grad();
        var loss = nn.functional.cross_entropy(output.Logits, y, reduction: summedLoss ? nn.Reduction.Sum : nn.Reduction.Mean);
        loss.backward();
        var result = new double[output.Residuals.Count];
        for (int b = 0; b < result.Length; b++)
        {
            var a = output.Residuals[b].detach().to(ScalarType.Float64);
            var g = output.Residuals[b].grad!.to(ScalarType.Float64);
            long n = a.shape[0], c = a.shape[1];
            double total = 0;
            for (int k = 0; k < c; k++)
            {
                double sumSq = 0;
                for (int i = 0; i < n; i++)
                {
                    double inner = (a[i, k] * g[i, k]).sum().item<double>();
                    sumSq += inner * inner;
                }
                total += 0.5 * sumSq / n;
            }
            result[b] = total;
        }
        net.zero_grad();
        return result;
    }

    [Fact]
    public void MatchesIndependentBackwardComputation_PerBlock()
    {
        using var scope = NewDisposeScope();
        var (net, x, y) = Tiny();
        using var _ = net;
        var score = new FisherPotential().Score(net, x, y);
        var expected = ReferenceBlockPotentials(net, x, y, summedLoss: false);
        Assert.Equal(expected.Length, score.PerBlock!.Length);
        for (int b = 0; b < expected.Length; b++)
            Assert.Equal(1.0, score.PerBlock[b] / expected[b], 4);
        Assert.Equal(expected.Sum(), score.Value, expected.Sum() * 1e-4);
        Assert.All(score.PerBlock, v => Assert.True(v > 0));
    }

    [Fact]
    public void SummedLoss_MultipliesByNSquared()
    {
        using var scope = NewDisposeScope();
        var (net, x, y) = Tiny();
        using var _ = net;
        double mean = ReferenceBlockPotentials(net, x, y, summedLoss: false).Sum();
        double sum = ReferenceBlockPotentials(net, x, y, summedLoss: true).Sum();
        Assert.Equal(36.0, sum / mean, 3);
        Assert.Equal(mean, new FisherPotential().Score(net, x, y).Value, mean * 1e-4);
    }

    [Fact]
    public void Wrn40x2_Has1344ProbedChannels() =>
        Assert.Equal(1344, NetworkPlan.Uniform(Architecture.WideResNet(40, 2), BlockCatalogue.Get("Conv")).Blocks.Sum(b => b.Out));

    [Theory]
    [InlineData(4, 8, 5, false)]
    [InlineData(3, 20, 7, false)]   // channels and pixels off the vector width
    [InlineData(2, 4, 12, false)]   // NCHW planes past one vector run: 144 = 128 + a tail of 16
    [InlineData(4, 8, 5, true)]
    [InlineData(3, 20, 7, true)]
    [InlineData(2, 32, 16, true)]
    public void FusedSums_EqualTheTensorExpression(int n, int c, int hw, bool channelsLast)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(4);
        var a = randn([n, c, hw, hw], generator: gen);
        var g = randn([n, c, hw, hw], generator: gen);
        double expected = FisherPotential.ChannelDeltas(a.to(ScalarType.Float64), g.to(ScalarType.Float64)).sum().item<double>();
        if (channelsLast) { a = a.In(MemoryLayout.ChannelsLast); g = g.In(MemoryLayout.ChannelsLast); }
        double? fused = FisherSums.TrySum(a, g);
        Assert.NotNull(fused);
        Assert.Equal(expected, fused!.Value, expected * 1e-6);
    }

    [Fact]
    public void FusedSums_DeclineOtherTypesAndLayouts()
    {
        using var scope = NewDisposeScope();
        var a = randn(2, 8, 4, 4);
        Assert.Null(FisherSums.TrySum(a.to(ScalarType.Float64), a.to(ScalarType.Float64)));
        Assert.Null(FisherSums.TrySum(a.transpose(2, 3), a.transpose(2, 3)));                   // neither NCHW nor channels-last
        Assert.Null(FisherSums.TrySum(a, a.In(MemoryLayout.ChannelsLast)));   // mixed layouts
        // Each condition alone declines: the activation's or the gradient's type, a tensor that is not 4-D, another shape.
        Assert.Null(FisherSums.TrySum(a.to(ScalarType.Float64), a));
        Assert.Null(FisherSums.TrySum(a, a.to(ScalarType.Float64)));
        Assert.Null(FisherSums.TrySum(a.view(2, 8, 16), a.view(2, 8, 16)));
        Assert.Null(FisherSums.TrySum(a, randn(2, 8, 2, 8)));
    }

    [Fact]
    public void NameAndDescription_AreThoseTheProxyListShows()
    {
        Assert.Equal("fisher", new FisherPotential().Name);
        Assert.Equal("Fisher potential of the blocks' residual outputs after one minibatch (BlockSwap)", new FisherPotential().Description);
    }

    [Fact]
    public void Score_IsTakenInTrainingMode_WhateverModeTheNetworkWasLeftIn()
    {
        using var scope = NewDisposeScope();
        var (net, x, y) = Tiny();
        using var _ = net;
        double trained = new FisherPotential().Score(net, x, y).Value;
        net.eval();   // batch norm on running statistics would give another value
        Assert.Equal(trained, new FisherPotential().Score(net, x, y).Value, trained * 1e-9);
        Assert.True(net.training);
    }
}
