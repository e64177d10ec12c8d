using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Scoring;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Networks;

[Collection(LibtorchThreadsCollection.Name)]
public class ChannelsLastBatchNormTests
{
    private static double RelativeError(Tensor actual, Tensor expected) =>
        ((actual.to(ScalarType.Float64) - expected).abs().max() / expected.abs().max()).item<double>();

    private static BatchNorm2d Module(int c, long seed)
    {
        var bn = nn.BatchNorm2d(c);
        var gen = new Generator((ulong)seed);
        using var _ = no_grad();
        bn.weight!.uniform_(0.5, 1.5, gen);
        bn.bias!.uniform_(-1, 1, gen);
        bn.train();
        return bn;
    }

    /// <summary>libtorch's batch norm (and ReLU) in float64 on the same values: the exact answer to float rounding.</summary>
    private static (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db) Float64Reference(BatchNorm2d bn, Tensor x, Tensor dy, bool relu)
    {
        var xx = x.to(ScalarType.Float64).contiguous().detach().requires_grad_(true);
        var w = bn.weight!.detach().to(ScalarType.Float64).requires_grad_(true);
        var b = bn.bias!.detach().to(ScalarType.Float64).requires_grad_(true);
        var y = nn.functional.batch_norm(xx, null, null, w, b, true, 0.1, bn.eps);
        if (relu) y = nn.functional.relu(y);
        var g = autograd.grad([y], [xx, w, b], [dy.to(ScalarType.Float64).contiguous()]);
        return (y.detach(), g[0], g[1], g[2]);
    }

    [Theory]
    [InlineData(16, 32, 8, false)]
    [InlineData(8, 20, 7, false)]  // channels not a multiple of the vector width
    [InlineData(4, 3, 5, true)]
    [InlineData(32, 64, 4, true)]
    public void ForwardAndGradients_MatchFloat64(int n, int c, int hw, bool relu)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        // An offset mean stresses the statistics, as post-ReLU activations do.
        var x = (randn([n, c, hw, hw], generator: gen) * 2 + 3).In(MemoryLayout.ChannelsLast);
        var dy = randn([n, c, hw, hw], generator: gen).In(MemoryLayout.ChannelsLast);
        var bn = Module(c, 3);
        Assert.True(ChannelsLastBatchNorm.Applies(bn, x));

        var input = x.detach().requires_grad_(true);
        var y = ChannelsLastBatchNorm.Forward(bn, input, relu);
        var grads = autograd.grad([y], [input, bn.weight!, bn.bias!], [dy]);
        var expected = Float64Reference(bn, x, dy, relu);

        Assert.False(y.is_contiguous()); // the output keeps the channels-last layout
        Assert.True(RelativeError(y.detach(), expected.Y) < 5e-7, $"y {RelativeError(y.detach(), expected.Y):E2}");
        Assert.True(RelativeError(grads[0], expected.Dx) < 5e-7, $"dx {RelativeError(grads[0], expected.Dx):E2}");
        Assert.True(RelativeError(grads[1], expected.Dw) < 5e-7, $"dw {RelativeError(grads[1], expected.Dw):E2}");
        Assert.True(RelativeError(grads[2], expected.Db) < 5e-7, $"db {RelativeError(grads[2], expected.Db):E2}");
        if (relu) Assert.Equal(0f, y.min().item<float>());
    }

    /// <summary>128 channels-last 16×24×24 images around 50, a gradient and a module: where float32 sums lose digits.</summary>
    private static (Tensor X, Tensor Dy, BatchNorm2d Bn) LargeOffsetBatch()
    {
        var gen = new Generator(13);
        var x = (randn([128, 16, 24, 24], generator: gen) + 50).In(MemoryLayout.ChannelsLast);
        var dy = randn([128, 16, 24, 24], generator: gen).In(MemoryLayout.ChannelsLast);
        return (x, dy, Module(16, 2));
    }

    /// <summary>
    /// A large batch with a large mean: float32 running sums (libtorch's channels-last kernel) lose digits here, the
    /// float64 sums keep the result exact to float rounding. Measured: libtorch's kernel y 4.0e-5, dx 2.7e-6;
    /// this one 8.9e-7 and 1.2e-7.
    /// </summary>
    [Fact]
    public void LargeOffsetBatch_StaysExact()
    {
        using var scope = NewDisposeScope();
        var (x, dy, bn) = LargeOffsetBatch();
        var input = x.detach().requires_grad_(true);
        var y = new BatchNormAct(bn, null, new ComputeSettings()).call(input);
        var dx = autograd.grad([y], [input], [dy])[0];
        var expected = Float64Reference(bn, x, dy, relu: false);
        Assert.True(RelativeError(y.detach(), expected.Y) < 3e-6, $"y {RelativeError(y.detach(), expected.Y):E2}");
        Assert.True(RelativeError(dx, expected.Dx) < 1e-6, $"dx {RelativeError(dx, expected.Dx):E2}");
    }

    /// <summary>
    /// The canary: libtorch's own channels-last batch norm, on the batch above, still sums in float32 and loses digits
    /// (measured 4.0e-5 on y). The day this fails, libtorch sums exactly and this project's kernel can go.
    /// </summary>
    [Fact]
    public void LibtorchsOwnChannelsLastBatchNorm_StillLosesDigits_SoTheFloat64KernelIsStillNeeded()
    {
        using var scope = NewDisposeScope();
        var (x, dy, bn) = LargeOffsetBatch();
        var y = nn.functional.batch_norm(x, null, null, bn.weight!.detach(), bn.bias!.detach(), true, 0.1, bn.eps);
        var expected = Float64Reference(bn, x, dy, relu: false);
        double error = RelativeError(y.detach(), expected.Y);
        Assert.True(error > 1e-5, $"libtorch's channels-last batch norm is now exact to {error:E2}: the float64 kernel (ChannelsLastBatchNorm) may be retired");
    }

    /// <summary>The kernel frees TorchSharp's per-output cache through two private fields: an upgrade that renames them must fail here.</summary>
    [Fact]
    public void TorchSharpsPrivateFields_TheCacheReleaseReads_AreStillThere() => Assert.True(ChannelsLastBatchNorm.OutputCacheFieldsFound);

    /// <summary>
    /// A proxy may run a training-mode forward without gradients (its node has no cache): that is not a missing field,
    /// yet each shard of a study warned of one before this was fixed.
    /// </summary>
    [Fact]
    public void ForwardWithoutGradients_DoesNotWarnOfAMissingCache()
    {
        using var scope = NewDisposeScope();
        var bn = Module(8, 3);
        var x = randn([4, 8, 5, 5], generator: new Generator(3)).In(MemoryLayout.ChannelsLast);
        using (no_grad()) ChannelsLastBatchNorm.Forward(bn, x);
        ChannelsLastBatchNorm.Forward(bn, x.requires_grad_(true)).sum().backward();
        Assert.False(ChannelsLastBatchNorm.CacheWarningShown);
    }

    [Fact]
    public void RunningStatisticsAndBatchCounter_FollowLibtorch()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(11);
        var ours = Module(24, 5);
        var theirs = Module(24, 5);
        for (int step = 0; step < 3; step++)
        {
            var x = randn([16, 24, 6, 6], generator: gen) * 3 + 1;
            ChannelsLastBatchNorm.Forward(ours, x.In(MemoryLayout.ChannelsLast));
            theirs.call(x);
        }
        Assert.Equal(3L, ours.num_batches_tracked!.item<long>());
        Assert.Equal(theirs.num_batches_tracked!.item<long>(), ours.num_batches_tracked!.item<long>());
        Assert.True(RelativeError(ours.running_mean!, theirs.running_mean!.to(ScalarType.Float64)) < 1e-6);
        Assert.True(RelativeError(ours.running_var!, theirs.running_var!.to(ScalarType.Float64)) < 1e-6);
    }

    [Fact]
    public void OnlyTrainingModeChannelsLastFloatBatches_TakeThePath()
    {
        using var scope = NewDisposeScope();
        var bn = Module(8, 1);
        var x = randn(4, 8, 5, 5);
        Assert.False(ChannelsLastBatchNorm.Applies(bn, x));                                      // NCHW: libtorch's kernel, float64 sums already
        Assert.True(ChannelsLastBatchNorm.Applies(bn, x.In(MemoryLayout.ChannelsLast)));
        Assert.False(ChannelsLastBatchNorm.Applies(bn, x.to(ScalarType.Float64).In(MemoryLayout.ChannelsLast)));
        bn.eval();
        Assert.False(ChannelsLastBatchNorm.Applies(bn, x.In(MemoryLayout.ChannelsLast)));       // eval: running statistics, no sums
    }

    private static (BlockSwapNetwork Net, Tensor X, Tensor Y) Network()
    {
        var plan = new NetworkSpec(Architecture.WideResNet(10, 2, classes: 4, inputSize: 16), Genotype.Parse("DConvA4,G8B2,ConvB2")).ToPlan();
        var gen = new Generator(21);
        return (new BlockSwapNetwork(plan, 9), randn([32, 3, 16, 16], generator: gen), randint(0, 4, [32], generator: gen));
    }

    /// <summary>Per-block Fisher potential with every product and sum in the network's own precision.</summary>
    private static double[] Fisher(BlockSwapNetwork net, Tensor x, Tensor y)
    {
        net.train();
        var output = net.Forward(x, collectResiduals: true);
        var residuals = output.Residuals.ToArray();
        var grads = autograd.grad([nn.functional.cross_entropy(output.Logits, y)], residuals);
        return residuals.Select((r, i) => FisherPotential.ChannelDeltas(r.detach().to(ScalarType.Float64), grads[i].to(ScalarType.Float64)).sum().item<double>()).ToArray();
    }

    [Fact]
    public void FisherPotential_ChannelsLast_AgreesWithFloat64()
    {
        using var scope = NewDisposeScope();
        var (net, x, y) = Network();
        var nchw = Fisher(net, x, y);
        var channelsLast = Fisher(net, x.In(MemoryLayout.ChannelsLast), y);
        TorchSharp.ModuleExtensionMethods.to(net, ScalarType.Float64);
        var exact = Fisher(net, x.to(ScalarType.Float64), y);
        for (int i = 0; i < exact.Length; i++)
        {
            Assert.True(Math.Abs(nchw[i] - exact[i]) / exact[i] < 1e-4, $"block {i}: nchw {nchw[i]} against {exact[i]}");
            Assert.True(Math.Abs(channelsLast[i] - exact[i]) / exact[i] < 1e-4, $"block {i}: channels-last {channelsLast[i]} against {exact[i]}");
        }
    }

    [Fact]
    public void FusedReLU_StillReportsToTheTap()
    {
        using var scope = NewDisposeScope();
        var (net, x, _) = Network();
        int Count(Tensor batch)
        {
            int seen = 0;
            net.Tap.Observer = _ => seen++;
            net.train();
            net.call(batch);
            net.Tap.Observer = null;
            return seen;
        }
        int relus = net.modules().OfType<TappedReLU>().Count();
        Assert.True(relus > 0);
        Assert.Equal(relus, Count(x));                                   // every ReLU once
        Assert.Equal(relus, Count(x.In(MemoryLayout.ChannelsLast)));     // fused with its batch norm, still reported
    }

    [Fact]
    public void ColourBatches_RunChannelsLast_GrayBatchesStayNchw()
    {
        using var scope = NewDisposeScope();
        var rgb = randn(4, 3, 8, 8).In(MemoryLayout.ChannelsLast);
        Assert.Equal(new long[] { 192, 1, 24, 3 }, rgb.stride());
        var gray = randn(4, 1, 8, 8);
        Assert.Same(gray, gray.In(MemoryLayout.ChannelsLast));
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(17);
        var x = (randn([64, 24, 12, 12], generator: gen) + 2).In(MemoryLayout.ChannelsLast);
        var dy = randn([64, 24, 12, 12], generator: gen).In(MemoryLayout.ChannelsLast);
        (Tensor Y, Tensor Dx) Run(int threads)
        {
            int before = get_num_threads();
            set_num_threads(threads);
            try
            {
                var bn = Module(24, 8);
                var input = x.detach().requires_grad_(true);
                var y = ChannelsLastBatchNorm.Forward(bn, input, relu: true);
                return (y.detach(), autograd.grad([y], [input], [dy])[0]);
            }
            finally { set_num_threads(before); }
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(0f, (one.Y - two.Y).abs().max().item<float>());
        Assert.Equal(0f, (one.Dx - two.Dx).abs().max().item<float>());
    }
}

public class TensorMemoryTests
{
    [Fact]
    public void TensorsOf2GiBOrMore_GetAClearError_NotAnOverflow()
    {
        using var small = TorchSharp.torch.zeros(4);
        Assert.Equal(16, BlockSwap.Foundation.Runtime.TensorMemory.Bytes(small, "test").Length);
        using var one = TorchSharp.torch.zeros(1);
        using var huge = one.expand(600_000_000);   // 2.4 GB as elements, no memory behind it
        var e = Assert.Throws<BlockSwapException>(() => BlockSwap.Foundation.Runtime.TensorMemory.Bytes(huge, "Fisher sums"));
        Assert.Contains("below 2 GiB", e.Message);
    }
}
