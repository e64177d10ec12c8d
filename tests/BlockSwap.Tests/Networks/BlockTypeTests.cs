using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Networks;

public class BlockTypeTests
{
    [Fact]
    public void EverySampledType_MapsStride2AndKeepsSizeAtStride1()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 32, 16, 16);
        foreach (var type in BlockCatalogue.Sampled)
        {
            using var s2 = new LayerSequence("t", type.Layers(32, 64, 2), new ComputeSettings());
            Assert.Equal(new long[] { 2, 64, 8, 8 }, s2.call(x).shape);
            using var s1 = new LayerSequence("t", type.Layers(32, 64, 1), new ComputeSettings());
            Assert.Equal(new long[] { 2, 64, 16, 16 }, s1.call(x).shape);
        }
    }

    [Theory]
    [InlineData("G16B2", 16, 32, 1)]
    [InlineData("A16B2", 16, 32, 16)]
    [InlineData("DConvG16", 16, 32, 1)]
    [InlineData("DConvG2", 128, 128, 64)]
    [InlineData("G2B2", 64, 128, 32)]
    [InlineData("G8B4", 32, 32, 1)]
    [InlineData("G4B4", 128, 128, 8)]
    [InlineData("DConv", 64, 64, 64)]
    public void SpatialGroupCounts_MatchSpec(string name, int a, int b, int groups) =>
        Assert.Equal(groups, BlockCatalogue.Get(name).SpatialGroups(a, b));

    [Fact]
    public void G16B4_AtWidth32_IsRejectedWithAClearError()
    {
        var type = BlockCatalogue.Get("G16B4");
        Assert.False(type.IsValid(32, 32));
        Assert.True(type.IsValid(64, 64));
        var ex = Assert.Throws<BlockSwapException>(() => NetworkPlan.Uniform(Architecture.WideResNet(40, 2), type));
        Assert.Contains("0 groups", ex.Message);
        Assert.Contains("position 0", ex.Message);
    }

    [Fact]
    public void UnknownName_ListsValidNames()
    {
        var ex = Assert.Throws<BlockSwapException>(() => Genotype.Parse("Conv,Nope"));
        Assert.Contains("'Nope' at position 1", ex.Message);
        Assert.Contains("G2B4", ex.Message);
    }

    [Fact]
    public void Initialisation_FollowsFanOutRule_AndIsSeeded()
    {
        var plan = NetworkPlan.Uniform(Architecture.WideResNet(16, 4), BlockCatalogue.Get("Conv"));
        using var a = new BlockSwapNetwork(plan, seed: 7);
        using var b = new BlockSwapNetwork(plan, seed: 7);
        using var c = new BlockSwapNetwork(plan, seed: 8);
        var wa = ((TorchSharp.Modules.Conv2d)a.Layer("block3.0.layer.1.conv1.conv")).weight!; // 3×3 256→256
        Assert.Equal(Math.Sqrt(2.0 / (9 * 256)), wa.std().item<float>(), 3);
        Assert.Equal(0f, (wa - ((TorchSharp.Modules.Conv2d)b.Layer("block3.0.layer.1.conv1.conv")).weight!).abs().max().item<float>());
        Assert.NotEqual(0f, (wa - ((TorchSharp.Modules.Conv2d)c.Layer("block3.0.layer.1.conv1.conv")).weight!).abs().max().item<float>());
        Assert.Equal(0f, a.Classifier.bias!.abs().sum().item<float>());
        Assert.True(a.Classifier.weight!.abs().max().item<float>() <= 1 / Math.Sqrt(256) + 1e-6);
    }
}
