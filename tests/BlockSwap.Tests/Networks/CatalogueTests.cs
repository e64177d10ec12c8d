using BlockSwap.Description.Blocks;
using BlockSwap.Description.Layers;

namespace BlockSwap.Tests.Networks;

/// <summary>The catalogue's flags, names and refusals, and the layer descriptions' paths and sizes at their edges.</summary>
public class CatalogueTests
{
    [Fact]
    public void SampledAndExtraTypes_AreFlaggedSo()
    {
        Assert.Equal(23, BlockCatalogue.Sampled.Count);
        Assert.All(BlockCatalogue.Sampled, t => Assert.True(t.Sampled, t.Name));
        Assert.Equal(["DConvB4", "G16B4", "MBConv6"], BlockCatalogue.Extras.Select(t => t.Name));
        Assert.All(BlockCatalogue.Extras, t => Assert.False(t.Sampled, t.Name));
        Assert.StartsWith("Conv, DConvA2, DConvA4, DConvA8, DConvA16, ", BlockCatalogue.ValidNames);
        Assert.EndsWith(", G2B4, DConvB4, G16B4, MBConv6", BlockCatalogue.ValidNames);
        Assert.Same(BlockCatalogue.Get("G8B2"), BlockCatalogue.Get(" g8b2 "));
    }

    [Theory]
    [InlineData("ConvB4", 16, 2, "ConvB4 needs at least 4 output channels for its bottleneck, got 2")]     // 2 / 4 = 0 channels
    [InlineData("DConvG16", 8, 16, "DConvG16 would use 0 groups on 8 channels (groups of 16)")]     // a basic block groups its input
    [InlineData("DConvA16", 24, 24, "DConvA16: 16 groups do not divide 24 channels")]
    [InlineData("ConvB4", 16, 4, null)]                                                                   // one channel is enough
    [InlineData("Conv", 3, 5, null)]
    public void Invalidity_SaysWhyAnInstanceCannotBeBuilt(string type, int a, int b, string? expected)
    {
        Assert.Equal(expected, BlockCatalogue.Get(type).Invalidity(a, b));
        Assert.Equal(expected is null, BlockCatalogue.Get(type).IsValid(a, b));
    }

    [Fact]
    public void GroupRules_DescribeThemselves_AndConvIsOneGroup()
    {
        Assert.Equal(["1 group", "depthwise", "4 groups", "groups of 16"],
            new[] { GroupRule.Full, GroupRule.Depthwise, GroupRule.Count(4), GroupRule.Size(16) }.Select(g => g.ToString()));
        Assert.Equal(1, BlockCatalogue.Get("Conv").SpatialGroups(64, 128));
        Assert.Equal(1, BlockCatalogue.Get("ConvB2").SpatialGroups(64, 128));
        Assert.Equal(32, BlockCatalogue.Get("DConv").SpatialGroups(32, 64));    // depthwise over the input's channels
        Assert.Equal(8, BlockCatalogue.Get("G4B2").SpatialGroups(64, 64));      // groups of 4 over the 32-wide bottleneck
    }

    [Fact]
    public void TheDepthwiseBottleneck_NamesItsSpatialConvAsTheReferenceDoes()
    {
        static string[] Names(string type) => LayerSpec.Leaves("", BlockCatalogue.Get(type).Layers(32, 32, 1)).Select(l => l.Path).ToArray();
        Assert.Contains("convdw", Names("DConvB4"));
        Assert.DoesNotContain("conv", Names("DConvB4"));
        Assert.Contains("conv", Names("G4B2"));
        Assert.DoesNotContain("convdw", Names("G4B2"));
    }

    [Fact]
    public void Leaves_CarryTheirDottedPaths_AndAFusedReluItsOwn()
    {
        var layers = new LayerSpec[]
        {
            new ConvSpec("conv1", 3, 8, 3, 1, 1, 1),
            new BatchNormSpec("bn1", 8, new ReluSpec("relu1")),
            new SequenceSpec("inner", [new ConvSpec("conv", 8, 8, 1, 1, 0, 1), new BatchNormSpec("bn", 8, new ReluSpec("relu"))]),
        };
        string[] expected = ["conv1", "bn1", "relu1", "inner.conv", "inner.bn", "inner.relu"];
        Assert.Equal(expected, LayerSpec.Leaves("", layers).Select(l => l.Path));
        Assert.Equal(expected.Select(p => "block.3." + p), LayerSpec.Leaves("block.3", layers).Select(l => l.Path));
        Assert.IsType<ReluSpec>(LayerSpec.Leaves("b", layers).Single(l => l.Path == "b.inner.relu").Layer);
    }

    [Fact]
    public void Sizes_OfPoolsAndResiduals()
    {
        Assert.Equal(3, new MaxPoolSpec("p", 3, 2, 0).OutputSize(8));     // (8 − 3) / 2 + 1
        Assert.Equal(5, new MaxPoolSpec("p", 3, 2, 2).OutputSize(8));     // (8 + 4 − 3) / 2 + 1
        Assert.Equal(56, new MaxPoolSpec("p", 3, 2, 1).OutputSize(112));  // the ResNet stem
        var residual = new ResidualSpec("r", [new BatchNormSpec("bn1", 8), new BatchNormSpec("bn0", 4)],
            [new ConvSpec("c", 8, 8, 3, 1, 1, 1)], new ConvSpec("s", 8, 8, 1, 1, 0, 1));
        Assert.Equal(2 * 8 + 2 * 4 + 8 * 8 * 9 + 8 * 8, residual.Parameters);
        Assert.Equal(8 * 8 * (8 * 8 * 9) + 8 * 8 * (8 * 8), residual.Macs(8));
    }
}
