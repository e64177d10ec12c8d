namespace BlockSwap.Description.Blocks;

/// <summary>
/// The registry of substitute block types, keyed by their BlockSwap names. It is the single place a
/// type is described; networks, accounting, search and export all look types up here.
/// </summary>
public static class BlockCatalogue
{
    private static BlockType Basic(string name, GroupRule g) =>
        new(name, name == "Conv" ? BlockFamily.Conv : BlockFamily.DConv, WrapperKind.Basic, g, 0, true);

    private static BlockType Bottle(string name, GroupRule g, int reduction, bool sampled = true) =>
        new(name, BlockFamily.Bottleneck, WrapperKind.Bottle, g, reduction, sampled);

    /// <summary>The 23 types the search samples, in the reference's order (docs/method.md, "Block families").</summary>
    public static IReadOnlyList<BlockType> Sampled { get; } =
    [
        Basic("Conv", GroupRule.Full),
        Basic("DConvA2", GroupRule.Count(2)),
        Basic("DConvA4", GroupRule.Count(4)),
        Basic("DConvA8", GroupRule.Count(8)),
        Basic("DConvA16", GroupRule.Count(16)),
        Basic("DConvG16", GroupRule.Size(16)),
        Basic("DConvG8", GroupRule.Size(8)),
        Basic("DConvG4", GroupRule.Size(4)),
        Basic("DConvG2", GroupRule.Size(2)),
        Basic("DConv", GroupRule.Depthwise),
        Bottle("ConvB2", GroupRule.Full, 2),
        Bottle("ConvB4", GroupRule.Full, 4),
        Bottle("A2B2", GroupRule.Count(2), 2),
        Bottle("A4B2", GroupRule.Count(4), 2),
        Bottle("A8B2", GroupRule.Count(8), 2),
        Bottle("A16B2", GroupRule.Count(16), 2),
        Bottle("G16B2", GroupRule.Size(16), 2),
        Bottle("G8B2", GroupRule.Size(8), 2),
        Bottle("G8B4", GroupRule.Size(8), 4),
        Bottle("G4B2", GroupRule.Size(4), 2),
        Bottle("G2B2", GroupRule.Size(2), 2),
        Bottle("G4B4", GroupRule.Size(4), 4),
        Bottle("G2B4", GroupRule.Size(2), 4),
    ];

    /// <summary>Types that can be built and trained but that the search does not sample (docs/method.md, "Block families").</summary>
    public static IReadOnlyList<BlockType> Extras { get; } =
    [
        Bottle("DConvB4", GroupRule.Depthwise, 4, sampled: false),
        // Defined by the reference but left out of its pool: at 32 output channels its 8-wide bottleneck gets 8/16 = 0 groups.
        Bottle("G16B4", GroupRule.Size(16), 4, sampled: false),
        new("MBConv6", BlockFamily.MBConv, WrapperKind.Bottle, GroupRule.Depthwise, 6, false),
    ];

    public static IReadOnlyList<BlockType> All { get; } = [.. Sampled, .. Extras];

    private static readonly Dictionary<string, BlockType> ByName =
        All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, BlockType> ByNameIgnoreCase =
        All.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>All valid names, comma-separated, for error messages.</summary>
    public static string ValidNames => string.Join(", ", All.Select(t => t.Name));

    public static bool TryGet(string name, out BlockType type)
    {
        if (ByName.TryGetValue(name, out type!)) return true;
        return ByNameIgnoreCase.TryGetValue(name, out type!);
    }

    /// <summary>The type with this name (case-insensitive); a clear error listing valid names otherwise.</summary>
    public static BlockType Get(string name) =>
        TryGet(name.Trim(), out var t)
            ? t
            : throw new BlockSwapException($"unknown block type '{name}'{Spelling.Hint(name, All.Select(t => t.Name))}; valid types: {ValidNames}");
}
