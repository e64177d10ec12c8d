using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Networks;

/// <summary>The catalogue as <c>blockswap blocks</c> lists it: each type's parameters per distinct position and its uniform network.</summary>
public class TypeCountsTests
{
    private static readonly Architecture Wrn161 = Architecture.WideResNet(16, 1, classes: 10, inChannels: 1, inputSize: 28);

    [Fact]
    public void DistinctPositions_OnePerInOutPair_InNetworkOrder() =>
        Assert.Equal([(0, 16, 16), (2, 16, 32), (3, 32, 32), (4, 32, 64), (5, 64, 64)],
            TypeCounts.DistinctPositions(Wrn161).Select(p => (p.Index, p.In, p.Out)));

    [Theory]
    [InlineData("Conv", 174_778)]        // the teacher
    [InlineData("G4B4", 10_810)]         // the uniform networks of the budget-spectrum experiment
    [InlineData("G8B2", 21_818)]
    [InlineData("DConvA8", 43_898)]
    [InlineData("DConvA2", 103_514)]
    public void Uniform_IsTheMoonshineNetworksCount(string type, long parameters)
    {
        var counts = TypeCounts.Of(Wrn161).Single(c => c.Type.Name == type);
        Assert.Equal(parameters, counts.Uniform);
        // Per position: the uniform plan's own blocks (with the projection where In != Out).
        var plan = NetworkPlan.Uniform(Wrn161, BlockCatalogue.Get(type));
        Assert.Equal(TypeCounts.DistinctPositions(Wrn161).Select(p => (long?)plan.Blocks[p.Index].Parameters), counts.AtPositions.Select(x => x.Params));
        var entry = counts.Entry();
        Assert.Equal(["16-16", "16-32", "32-32", "32-64", "64-64"], entry.Params.Keys);
        Assert.Equal((type, parameters), (entry.Name, entry.Uniform!.Value));
    }

    [Fact]
    public void ATypeThatFitsOnlySomePositions_HasNoUniformNetwork_AndNullWhereItDoesNotFit()
    {
        var all = TypeCounts.Of(Wrn161);
        Assert.Equal(BlockCatalogue.All.Select(t => t.Name), all.Select(c => c.Type.Name));          // catalogue order
        Assert.Equal(["A16B2", "G16B2", "G8B4", "G16B4"], all.Where(c => c.Uniform is null).Select(c => c.Type.Name));
        // G16B4 narrows to a quarter of the output width, which 16 groups divide only at 64 output channels.
        var g16b4 = all.Single(c => c.Type.Name == "G16B4");
        Assert.Equal([null, null, null, 6016, 4544], g16b4.AtPositions.Select(x => x.Params));
        Assert.Equal(new BlockPlan(Wrn161.Positions[4], g16b4.Type, g16b4.Type.Wrapper).Parameters, g16b4.AtPositions[3].Params);
        Assert.Null(g16b4.Entry().Params["16-16"]);
        Assert.Null(g16b4.Entry().Uniform);
    }
}
