using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Accounting;

/// <summary>
/// The counting rules of docs/method.md as closed forms: an oracle independent of the layer descriptions the
/// library counts by.
/// </summary>
public static class ClosedForm
{
    /// <summary>Learnable scalars of one instance a→b: conv weights plus internal BN γ/β.</summary>
    public static long InstanceParameters(BlockType type, int a, int b)
    {
        long la = a, lb = b;
        return type.Family switch
        {
            BlockFamily.Conv => 9 * la * lb,
            BlockFamily.DConv => 9 * la * (la / type.SpatialGroups(a, b)) + 2 * la + la * lb,
            BlockFamily.Bottleneck => (long)type.SpatialChannels(a, b) * (la + lb + 4)
                                      + 9L * type.SpatialChannels(a, b) * (type.SpatialChannels(a, b) / type.SpatialGroups(a, b)),
            BlockFamily.MBConv => (long)type.SpatialChannels(a, b) * (la + lb + 13) + 2 * lb,
            _ => throw new InvalidOperationException(type.Family.ToString()),
        };
    }

    /// <summary>Block: BN1 (2I) + instances + BN2 (2O, Basic only) + projection (I·O when I ≠ O).</summary>
    public static long BlockParameters(BlockPlan b)
    {
        long p = 2L * b.In + InstanceParameters(b.Type, b.In, b.Out);
        if (b.Wrapper == WrapperKind.Basic) p += 2L * b.Out + InstanceParameters(b.Type, b.Out, b.Out);
        return p + (b.In != b.Out ? (long)b.In * b.Out : 0);
    }

    /// <summary>Network: stem conv + head BN (WRN) or stem BN (ResNet) + FC + Σ blocks.</summary>
    public static long NetworkParameters(NetworkPlan plan)
    {
        var a = plan.Architecture;
        bool wrn = a.Family == ArchitectureFamily.WideResNet;
        int stemWidth = wrn ? 16 : 64, kernel = wrn ? 3 : 7, finalWidth = a.Positions[^1].Out;
        long outside = (long)a.InChannels * kernel * kernel * stemWidth + 2L * (wrn ? finalWidth : stemWidth) + (long)finalWidth * a.Classes + a.Classes;
        return outside + plan.Blocks.Sum(BlockParameters);
    }
}
