using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Networks;

/// <summary>The built network: its module tree, its seeded initialisation, and what its forward passes return.</summary>
public class BlockSwapNetworkTests
{
    private static readonly Architecture Gray = Architecture.WideResNet(16, 1, classes: 10, inChannels: 1, inputSize: 28);

    private static BlockSwapNetwork Build(Architecture arch, long seed = 3) =>
        new(NetworkSpec.Uniform(arch, Description.Blocks.BlockCatalogue.Get(arch.Family == ArchitectureFamily.WideResNet ? "DConvA4" : "G4B2")).ToPlan(), seed);

    [Fact]
    public void ModuleTree_IsTheReferences()
    {
        using var net = Build(Gray);
        Assert.Equal("BlockSwapNetwork", net.GetName());
        Assert.Equal("NetworkBlock", net.Layer("block2.0").GetName());          // the reference's NetworkBlock, holding 'layer'
        Assert.IsType<ResidualBlock>(net.Layer("block2.0.layer.1"));
        Assert.Same(net.Blocks[3], net.Layer("block2.0.layer.1"));
        var e = Assert.Throws<ArgumentException>(() => net.Layer("block9.0"));
        Assert.StartsWith("no module at 'block9.0'", e.Message);
    }

    [Theory]
    [InlineData("wrn-16-1")]
    [InlineData("resnet18")]
    public void Initialisation_DependsOnTheSeedAlone(string name)
    {
        var arch = Architecture.Parse(name, classes: 10, inChannels: 3, inputSize: 32);
        manual_seed(1);
        using var a = Build(arch, seed: 5);
        manual_seed(2);                                       // torch's global generator must not matter
        using var b = Build(arch, seed: 5);
        using var c = Build(arch, seed: 6);
        var pa = a.named_parameters().ToArray();
        var pb = b.named_parameters().ToArray();
        Assert.All(pa.Zip(pb), x => Assert.True(x.First.parameter.allclose(x.Second.parameter, rtol: 0, atol: 0), x.First.name));
        Assert.False(a.Classifier.weight!.allclose(c.Classifier.weight!));
        // The classifier: weight U(±1/√fan_in); the WRN zeroes its bias, the ResNet draws it from the same range.
        double bound = 1 / Math.Sqrt(a.Classifier.weight!.shape[1]);
        Assert.True(a.Classifier.weight.abs().max().item<float>() <= bound);
        var bias = a.Classifier.bias!;
        if (arch.Family == ArchitectureFamily.WideResNet)
            Assert.Equal(0, bias.abs().sum().item<float>());
        else
        {
            Assert.True(bias.abs().max().item<float>() <= bound);
            Assert.True(bias.min().item<float>() < 0 && bias.max().item<float>() > 0);
        }
        // Batch norm starts at γ = 1, β = 0.
        var bn = a.modules().OfType<BatchNorm2d>().First();
        Assert.Equal((1f, 1f, 0f), (bn.weight!.min().item<float>(), bn.weight.max().item<float>(), bn.bias!.abs().max().item<float>()));
    }

    [Fact]
    public void Forward_WithoutCollecting_ReturnsNoResiduals_AndPrePoolFeaturesFeedTheClassifier()
    {
        using var net = Build(Gray);
        net.eval();
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 28, 28, generator: new Generator(4));
        using var _ = no_grad();
        var output = net.call(x);
        Assert.NotNull(output.Residuals);
        Assert.Empty(output.Residuals);
        Assert.Equal(3, output.GroupOutputs.Count);
        var features = net.PrePoolFeatures(x);
        Assert.Equal([2L, 64, 7, 7], features.shape);
        // Global average pooling, then the classifier: the logits of the forward pass.
        var logits = net.Classifier.call(features.mean([2, 3]));
        Assert.True(logits.allclose(output.Logits, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void GrayNetwork_RunsInTheLayoutAskedFromItsStemOn()
    {
        using var net = Build(Gray);
        net.eval();
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 28, 28, generator: new Generator(4));
        using var _ = no_grad();
        Assert.Equal(49, net.PrePoolFeatures(x).stride(1));                   // NCHW: channels 7·7 apart
        net.Compute.Layout = MemoryLayout.ChannelsLast;
        Assert.Equal(1, net.PrePoolFeatures(x).stride(1));                    // NHWC, though one channel came in
    }
}
