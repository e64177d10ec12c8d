namespace BlockSwap.Description.Blocks;

/// <summary>How a substitute's spatial (3×3) convolution splits its channels into groups.</summary>
public readonly record struct GroupRule(GroupRuleKind Kind, int N)
{
    public static GroupRule Full => new(GroupRuleKind.Full, 1);
    public static GroupRule Depthwise => new(GroupRuleKind.Depthwise, 0);
    /// <summary>A fixed number of groups ("A" in the BlockSwap names).</summary>
    public static GroupRule Count(int groups) => new(GroupRuleKind.Count, groups);
    /// <summary>Groups of a fixed size ("G" in the BlockSwap names): channels / size groups.</summary>
    public static GroupRule Size(int groupSize) => new(GroupRuleKind.Size, groupSize);

    /// <summary>The group count for a spatial conv with the given channel count (integer division, as the reference).</summary>
    public int Groups(int channels) => Kind switch
    {
        GroupRuleKind.Full => 1,
        GroupRuleKind.Depthwise => channels,
        GroupRuleKind.Count => N,
        GroupRuleKind.Size => channels / N,
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    public override string ToString() => Kind switch
    {
        GroupRuleKind.Full => "1 group",
        GroupRuleKind.Depthwise => "depthwise",
        GroupRuleKind.Count => $"{N} groups",
        GroupRuleKind.Size => $"groups of {N}",
        _ => Kind.ToString(),
    };
}

public enum GroupRuleKind { Full, Depthwise, Count, Size }
