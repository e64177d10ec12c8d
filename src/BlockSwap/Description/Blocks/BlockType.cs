using BlockSwap.Description.Layers;

namespace BlockSwap.Description.Blocks;

/// <summary>
/// One named substitute for a 3×3 convolution (e.g. <c>G8B2</c>): its family, wrapper, grouping and
/// bottleneck reduction. Everything else (layers, closed-form count, validity) follows from these.
/// </summary>
public sealed class BlockType
{
    internal BlockType(string name, BlockFamily family, WrapperKind wrapper, GroupRule spatial, int reduction, bool sampled)
    {
        Name = name;
        Family = family;
        Wrapper = wrapper;
        Spatial = spatial;
        Reduction = reduction;
        Sampled = sampled;
    }

    public string Name { get; }
    public BlockFamily Family { get; }
    /// <summary>The wrapper this type gets under the per-block policy (docs/method.md, "Block families").</summary>
    public WrapperKind Wrapper { get; }
    /// <summary>Grouping of the spatial 3×3 convolution.</summary>
    public GroupRule Spatial { get; }
    /// <summary>Bottleneck reduction β (m = b/β) for the bottleneck family; 6 is the MBConv expansion; 0 otherwise.</summary>
    public int Reduction { get; }
    /// <summary>Whether the search samples this type (the reference's 23-name pool).</summary>
    public bool Sampled { get; }

    /// <summary>Channels of the spatial convolution of an instance a→b.</summary>
    public int SpatialChannels(int a, int b) => Family switch
    {
        BlockFamily.Conv => a,
        BlockFamily.DConv => a,
        BlockFamily.Bottleneck => b / Reduction,
        BlockFamily.MBConv => Reduction * a,
        _ => throw new InvalidOperationException(Family.ToString()),
    };

    /// <summary>Groups of the spatial convolution of an instance a→b.</summary>
    public int SpatialGroups(int a, int b) => Spatial.Groups(SpatialChannels(a, b));

    /// <summary>Null when an instance a→b can be built; otherwise why not.</summary>
    public string? Invalidity(int a, int b)
    {
        int c = SpatialChannels(a, b);
        if (c <= 0)
            return $"{Name} needs at least {Reduction} output channels for its bottleneck, got {b}";
        int g = SpatialGroups(a, b);
        if (g <= 0)
            return $"{Name} would use 0 groups on {c} channels ({Spatial})";
        if (c % g != 0)
            return $"{Name}: {g} groups do not divide {c} channels";
        return null;
    }

    public bool IsValid(int a, int b) => Invalidity(a, b) is null;

    /// <summary>
    /// The layers of one instance a→b with the given stride, in forward order. Layer names are the reference
    /// implementation's module names, so state_dict keys cross over to PyTorch unchanged.
    /// </summary>
    public IReadOnlyList<LayerSpec> Layers(int a, int b, int stride)
    {
        int g = SpatialGroups(a, b);
        switch (Family)
        {
            case BlockFamily.Conv:
                return [new ConvSpec("conv", a, b, 3, stride, 1, 1)];
            case BlockFamily.DConv:
                return
                [
                    new ConvSpec("convdw", a, a, 3, stride, 1, g),
                    new BatchNormSpec("bn", a, new ReluSpec("relu")),
                    new ConvSpec("conv1x1", a, b, 1, 1, 0, 1),
                ];
            case BlockFamily.Bottleneck:
            {
                int m = SpatialChannels(a, b);
                // The reference names the depthwise bottleneck's spatial conv convdw, every other one conv.
                var spatial = Spatial.Kind == GroupRuleKind.Depthwise ? "convdw" : "conv";
                return
                [
                    new ConvSpec("conv1x1_down", a, m, 1, 1, 0, 1),
                    new BatchNormSpec("bn1", m, new ReluSpec("relu1")),
                    new ConvSpec(spatial, m, m, 3, stride, 1, g),
                    new BatchNormSpec("bn2", m, new ReluSpec("relu2")),
                    new ConvSpec("conv1x1_up", m, b, 1, 1, 0, 1),
                ];
            }
            case BlockFamily.MBConv:
            {
                int p = SpatialChannels(a, b);
                return
                [
                    new ConvSpec("conv1", a, p, 1, 1, 0, 1),
                    new BatchNormSpec("bn1", p, new ReluSpec("relu1")),
                    new ConvSpec("conv2", p, p, 3, stride, 1, p),
                    new BatchNormSpec("bn2", p, new ReluSpec("relu2")),
                    new ConvSpec("conv3", p, b, 1, 1, 0, 1),
                    new BatchNormSpec("bn3", b),
                ];
            }
            default:
                throw new InvalidOperationException(Family.ToString());
        }
    }

    public override string ToString() => Name;
}
