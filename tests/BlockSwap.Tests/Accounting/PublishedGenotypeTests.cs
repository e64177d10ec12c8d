using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Accounting;

/// <summary>The published CIFAR genotypes under both wrapper policies (docs/method.md, "Wrapper policies").</summary>
public class PublishedGenotypeTests
{
    public const string Bs150k = "A2B2,G16B2,G8B4,DConv,DConv,A4B2,DConvG4,DConvG4,DConvG2,G2B4,A8B2,G4B2,G16B2,G2B4,G8B4,G2B2,G4B4,ConvB4";
    public const string Bs200k = "A16B2,A16B2,ConvB4,DConv,G16B2,DConv,A8B2,ConvB2,G2B2,DConvG16,G4B2,G8B2,DConvG2,A16B2,A8B2,A16B2,A8B2,G4B2";
    public const string Bs250k = "DConvA16,DConvA2,DConvG4,DConvA2,A8B2,ConvB4,DConvA2,ConvB2,G4B2,DConvG8,DConvA16,A16B2,DConvG2,G16B2,DConvG4,G8B2,G2B2,G8B2";
    public const string Bs400k = "Conv,DConvG16,DConv,DConvA2,ConvB2,DConvA8,DConvG2,DConvG16,DConvA8,DConvA16,DConvG8,DConvA4,DConvG4,DConvG4,A4B2,DConvG8,DConvG8,G16B2";
    public const string Bs500k = "DConvG16,G8B2,DConvA2,DConv,DConvG16,DConvG4,ConvB4,G16B2,DConvA4,DConvG8,A2B2,A4B2,DConvG2,DConvA2,DConvG16,DConvG2,DConvG16,DConvG2";
    public const string Bs800k = "ConvB4,Conv,A16B2,DConvA4,DConvA8,ConvB4,DConvA4,Conv,DConvA16,DConvA2,Conv,DConvG16,DConvG8,DConvA2,DConvA2,G8B2,G4B2,DConvA8";
    public const string Bs1_6m = "Conv,DConvA2,DConvA2,DConvA2,DConvA2,Conv,Conv,DConvA2,DConvA2,DConvA2,DConvA2,Conv,Conv,DConvA2,DConvA2,DConvA2,DConvA2,Conv";

    public static TheoryData<string, long, long, string, long, long, long> Table => new()
    {
        { Bs150k, 162202, 172858, "Bottle/Basic/Bottle", 14656, 49888, 95680 },
        { Bs200k, 217050, 301210, "Bottle/Bottle/Basic", 13216, 64256, 137600 },
        { Bs250k, 289226, 403018, "Basic/Basic/Basic", 33232, 86848, 167168 },
        { Bs400k, 404250, 459930, "Basic/Basic/Basic", 48416, 113728, 240128 },
        { Bs500k, 555962, 535738, "Basic/Bottle/Basic", 41984, 75648, 436352 },
        { Bs800k, 811370, 837034, "Bottle/Basic/Basic", 34096, 254080, 521216 },
        { Bs1_6m, 1645018, 1645018, "Basic/Basic/Basic", 79072, 313792, 1250176 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void BudgetAndGroupFirstCounts_MatchSpec(string blocks, long budget, long groupFirst, string wrappers, long g1, long g2, long g3)
    {
        var arch = Architecture.WideResNet(40, 2);
        var g = Genotype.Parse(blocks);
        var perBlock = new NetworkSpec(arch, g, WrapperPolicy.PerBlock).ToPlan();
        var first = new NetworkSpec(arch, g, WrapperPolicy.GroupFirst).ToPlan();
        Assert.Equal(budget, perBlock.Parameters);
        Assert.Equal(groupFirst, first.Parameters);
        Assert.Equal(wrappers, string.Join("/", new[] { 0, 6, 12 }.Select(i => first.Blocks[i].Wrapper)));
        long[] subtotals = [.. Enumerable.Range(0, 3).Select(grp => perBlock.Blocks.Where(b => b.Position.Group == grp).Sum(b => b.Parameters))];
        Assert.Equal(new[] { g1, g2, g3 }, subtotals);
    }

    [Fact]
    public void GroupFirst_RewrapsEveryBlockOfAGroupAfterItsFirstType()
    {
        var first = new NetworkSpec(Architecture.WideResNet(40, 2), Genotype.Parse(Bs200k), WrapperPolicy.GroupFirst).ToPlan();
        // Group 1 starts with A16B2 (Bottle): DConv at index 3 becomes single-instance.
        Assert.Equal(WrapperKind.Bottle, first.Blocks[3].Wrapper);
        Assert.Single(first.Blocks[3].Instances);
        // Group 3 starts with DConvG2 (Basic): A16B2 at index 13 gets two instances.
        Assert.Equal(WrapperKind.Basic, first.Blocks[13].Wrapper);
        Assert.Equal(2, first.Blocks[13].Instances.Count);
    }

    [Fact]
    public void UniformNetworks_AreTheSameUnderBothPolicies()
    {
        var arch = Architecture.WideResNet(40, 2);
        foreach (var t in BlockCatalogue.Sampled)
            Assert.Equal(NetworkPlan.Uniform(arch, t, WrapperPolicy.PerBlock).Parameters, NetworkPlan.Uniform(arch, t, WrapperPolicy.GroupFirst).Parameters);
    }
}
