using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Accounting;

/// <summary>Every per-position block count and uniform WRN-40-2 total of the reference, copied here as figures.</summary>
public class SpecCountTableTests
{
    // type, (16,32), (32,32), (32,64), (64,64), (64,128), (128,128), uniform WRN-40-2 total
    public static TheoryData<string, long, long, long, long, long, long, long> Table => new()
    {
        { "Conv", 14432, 18560, 57536, 73984, 229760, 295424, 2243546 },
        { "DConvA2", 8000, 11520, 31616, 45568, 125696, 181248, 1358970 },
        { "DConvA4", 5120, 6912, 20096, 27136, 79616, 107520, 814650 },
        { "DConvA8", 3680, 4608, 14336, 17920, 56576, 70656, 542490 },
        { "DConvA16", 2960, 3456, 11456, 13312, 45056, 52224, 406410 },
        { "DConvG16", 9152, 11520, 22400, 27136, 61184, 70656, 641274 },
        { "DConvG8", 5696, 6912, 15488, 17920, 47360, 52224, 455802 },
        { "DConvG4", 3968, 4608, 12032, 13312, 40448, 43008, 363066 },
        { "DConvG2", 3104, 3456, 10304, 11008, 36992, 38400, 316698 },
        { "DConv", 2672, 2880, 9440, 9856, 35264, 36096, 293514 },
        { "ConvB2", 3680, 3456, 14528, 13568, 57728, 53760, 431834 },
        { "ConvB4", 1536, 1184, 6016, 4544, 23808, 17792, 150938 },
        { "A2B2", 2528, 2304, 9920, 8960, 39296, 35328, 286682 },
        { "A4B2", 1952, 1728, 7616, 6656, 30080, 26112, 214106 },
        { "A8B2", 1664, 1440, 6464, 5504, 25472, 21504, 177818 },
        { "A16B2", 1520, 1296, 5888, 4928, 23168, 19200, 159674 },
        { "G16B2", 3680, 3456, 9920, 8960, 30080, 26112, 238298 },
        { "G8B2", 2528, 2304, 7616, 6656, 25472, 21504, 189914 },
        { "G8B4", 1536, 1184, 4864, 3392, 16896, 10880, 102554 },
        { "G4B2", 1952, 1728, 6464, 5504, 23168, 19200, 165722 },
        { "G2B2", 1664, 1440, 5888, 4928, 22016, 18048, 153626 },
        { "G4B4", 1248, 896, 4288, 2816, 15744, 9728, 90458 },
        { "G2B4", 1104, 752, 4000, 2528, 15168, 9152, 84410 },
        { "DConvB4", 1032, 680, 3856, 2384, 14880, 8864, 81386 },
        { "MBConv6", 6464, 14912, 23168, 54400, 87296, 207104, 1500986 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void PerPositionCountsAndUniformTotal_MatchSpecTable(string name, long p0, long p1, long p6, long p7, long p12, long p13, long total)
    {
        var plan = NetworkPlan.Uniform(Architecture.WideResNet(40, 2), BlockCatalogue.Get(name));
        long[] expected = [p0, p1, p1, p1, p1, p1, p6, p7, p7, p7, p7, p7, p12, p13, p13, p13, p13, p13];
        Assert.Equal(expected, plan.Blocks.Select(b => b.Parameters).ToArray());
        Assert.Equal(total, plan.Parameters);
    }

    [Fact]
    public void Wrn40x2_TeacherAndOutsideConstant()
    {
        var arch = Architecture.WideResNet(40, 2);
        Assert.Equal(1978, arch.OutsideParameters);
        Assert.Equal(2243546, NetworkPlan.Uniform(arch, BlockCatalogue.Get("Conv")).Parameters);
    }

    [Theory]
    [InlineData(40, 1, 563930)]
    [InlineData(16, 2, 691674)]
    [InlineData(16, 1, 175066)]
    [InlineData(28, 1, 369498)]
    [InlineData(22, 2, 1079642)]
    [InlineData(10, 2, 303706)]
    [InlineData(16, 4, 2748890)]
    [InlineData(40, 4, 8949210)]
    public void PlainWideResNets_MatchSpec(int depth, int k, long expected) =>
        Assert.Equal(expected, NetworkPlan.Uniform(Architecture.WideResNet(depth, k), BlockCatalogue.Get("Conv")).Parameters);

    [Fact]
    public void SampledPool_IsTheReference23InOrder()
    {
        Assert.Equal(
            "Conv,DConvA2,DConvA4,DConvA8,DConvA16,DConvG16,DConvG8,DConvG4,DConvG2,DConv,ConvB2,ConvB4,A2B2,A4B2,A8B2,A16B2,G16B2,G8B2,G8B4,G4B2,G2B2,G4B4,G2B4",
            string.Join(",", BlockCatalogue.Sampled.Select(t => t.Name)));
    }
}
