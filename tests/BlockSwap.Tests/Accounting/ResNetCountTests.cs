using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Accounting;

/// <summary>The reference's pre-activation ResNet-34 / ResNet-18: uniform counts under per-type wrappers (docs/method.md, "Networks").</summary>
public class ResNetCountTests
{
    public static TheoryData<string, long, long> Table => new()
    {
        { "Conv", 21794984, 11686824 }, { "DConvA2", 13221928, 7034408 }, { "DConvA4", 8143912, 4481576 },
        { "DConvA8", 5604904, 3205160 }, { "DConvA16", 4335400, 2566952 }, { "DConvG16", 4088872, 2417192 },
        { "DConvG8", 3577384, 2172968 }, { "DConvG4", 3321640, 2050856 }, { "DConvG2", 3193768, 1989800 },
        { "DConv", 3129832, 1959272 }, { "ConvB2", 4709544, 2878376 }, { "ConvB4", 1998056, 1396264 },
        { "A2B2", 3294888, 2095016 }, { "A4B2", 2587560, 1703336 }, { "A8B2", 2233896, 1507496 },
        { "A16B2", 2057064, 1409576 }, { "G16B2", 2152104, 1449896 }, { "G8B2", 2016168, 1380776 },
        { "G8B4", 1358696, 1039144 }, { "G4B2", 1948200, 1346216 }, { "G2B2", 1914216, 1328936 },
        { "G4B4", 1324712, 1021864 }, { "G2B4", 1307720, 1013224 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void UniformResNets_MatchSpec(string name, long resnet34, long resnet18)
    {
        var type = BlockCatalogue.Get(name);
        Assert.Equal(resnet34, NetworkPlan.Uniform(Architecture.PreActResNet(34), type).Parameters);
        Assert.Equal(resnet18, NetworkPlan.Uniform(Architecture.PreActResNet(18), type).Parameters);
    }

    [Fact]
    public void OutsideBlockConstant_Is522536()
    {
        Assert.Equal(522536, Architecture.PreActResNet(34).OutsideParameters);
        Assert.Equal(16, Architecture.PreActResNet(34).Positions.Count);
        Assert.Equal(8, Architecture.PreActResNet(18).Positions.Count);
    }

    [Theory]
    [InlineData("DConvA8,G2B2,G2B2,Conv,DConvA2,DConvG2,ConvB2,DConvA16,A16B2,G16B2,DConvG4,A2B2,A8B2,G2B2,DConvG4,A4B2", 3080488, 3247528)]
    [InlineData("G4B2,DConvG4,A8B2,Conv,G4B2,G16B2,G8B2,Conv,A2B2,A8B2,A4B2,DConvA4,Conv,Conv,DConv,G8B2", 8190888, 8862376)]
    public void ImageNetGenotypes_MatchSpec(string blocks, long perBlock, long groupFirst)
    {
        var arch = Architecture.PreActResNet(34);
        var g = Genotype.Parse(blocks);
        Assert.Equal(perBlock, new NetworkSpec(arch, g, WrapperPolicy.PerBlock).ToPlan().Parameters);
        Assert.Equal(groupFirst, new NetworkSpec(arch, g, WrapperPolicy.GroupFirst).ToPlan().Parameters);
    }
}
