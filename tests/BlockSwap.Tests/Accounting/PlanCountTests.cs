using System.Text.Json;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.IO;

namespace BlockSwap.Tests.Accounting;

/// <summary><c>blockswap count</c>'s record: per-block counts that add up to the plan's, and its JSON names.</summary>
public class PlanCountTests
{
    private static readonly Architecture FashionWrn16 = Architecture.Parse("wrn-16-1", classes: 10, inChannels: 1, inputSize: 28);

    [Theory]
    [InlineData("G4B4", 10_810)]     // the four-budget experiment's uniform networks, counted by `count` there
    [InlineData("G8B2", 21_818)]
    [InlineData("DConvA8", 43_898)]
    [InlineData("DConvA2", 103_514)]
    public void UniformNetworks_CountExactly_AndTheBlocksAddUp(string type, long expected)
    {
        var count = PlanCount.Of(NetworkPlan.Uniform(FashionWrn16, BlockCatalogue.Get(type)));
        Assert.Equal(expected, count.Params);
        Assert.Equal(count.Params, count.OutsideParams + count.Blocks.Sum(b => b.Params));
        Assert.Equal(FashionWrn16.Positions.Count, count.Blocks.Count);
        Assert.All(count.Blocks, b => Assert.Equal(type, b.Type));
        Assert.Equal(FashionWrn16.OutsideMacs + count.Blocks.Sum(b => b.Macs), count.Macs);
        Assert.Equal([1, 1, 2, 1, 2, 1], count.Blocks.Select(b => b.Stride));
        Assert.Equal([16, 16, 32, 32, 64, 64], count.Blocks.Select(b => b.Out));
    }

    [Fact]
    public void Json_KeepsTheNamesOfRelease09()
    {
        var json = JsonSerializer.Serialize(PlanCount.Of(NetworkPlan.Uniform(FashionWrn16, BlockCatalogue.Get("Conv"))), JsonFormats.Indented);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(["network", "params", "macs", "outsideParams", "blocks"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["index", "type", "wrapper", "in", "out", "stride", "params", "macs"], doc.RootElement.GetProperty("blocks")[0].EnumerateObject().Select(p => p.Name));
    }
}
