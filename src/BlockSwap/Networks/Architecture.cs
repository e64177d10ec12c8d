using System.Text.RegularExpressions;

namespace BlockSwap.Networks;

public enum ArchitectureFamily
{
    /// <summary>WideResNet-D-K with pre-activation blocks (spec §2).</summary>
    WideResNet,
    /// <summary>The reference's pre-activation ResNet-18/34 (spec §3), not torchvision's.</summary>
    PreActResNet,
}

/// <summary>One substitutable block slot: input/output width, stride and spatial size at its input.</summary>
public sealed record BlockPosition(int Index, int Group, int In, int Out, int Stride, int InputSize)
{
    public int OutputSize => (InputSize + 2 - 3) / Stride + 1;
    public bool HasProjection => In != Out;
}

/// <summary>
/// A network skeleton: the fixed stem and head and the substitutable block positions. It knows nothing
/// of block types; a <see cref="Genotype"/> fills the positions.
/// </summary>
public sealed partial class Architecture
{
    private Architecture(string name, ArchitectureFamily family, int classes, int inChannels, int inputSize,
        int stemWidth, int[] groupWidths, int[] groupBlocks, int[] groupStrides, int stemOutputSize)
    {
        Name = name;
        Family = family;
        Classes = classes;
        InChannels = inChannels;
        InputSize = inputSize;
        StemWidth = stemWidth;
        GroupBlocks = groupBlocks;
        var positions = new List<BlockPosition>();
        int width = stemWidth, size = stemOutputSize;
        for (int g = 0; g < groupWidths.Length; g++)
            for (int j = 0; j < groupBlocks[g]; j++)
            {
                int stride = j == 0 ? groupStrides[g] : 1;
                var p = new BlockPosition(positions.Count, g, width, groupWidths[g], stride, size);
                positions.Add(p);
                width = p.Out;
                size = p.OutputSize;
            }
        Positions = positions;
        FinalWidth = width;
        FinalSize = size;
    }

    /// <summary>Canonical name, e.g. <c>wrn-40-2</c> or <c>resnet34</c>.</summary>
    public string Name { get; }
    public ArchitectureFamily Family { get; }
    public int Classes { get; }
    public int InChannels { get; }
    /// <summary>Input height = width in pixels.</summary>
    public int InputSize { get; }
    public int StemWidth { get; }
    public int FinalWidth { get; }
    /// <summary>Spatial size of the last group's output.</summary>
    public int FinalSize { get; }
    public IReadOnlyList<int> GroupBlocks { get; }
    public IReadOnlyList<BlockPosition> Positions { get; }
    public int GroupCount => GroupBlocks.Count;

    /// <summary>Index of the last block of each group: the group outputs used by attention transfer.</summary>
    public IEnumerable<int> GroupOutputIndices => Positions.Where(p => p.Index == Positions.Count - 1 || Positions[p.Index + 1].Group != p.Group).Select(p => p.Index);

    /// <summary>Stem kernel size (3 for WRN, 7 for ResNet).</summary>
    public int StemKernel => Family == ArchitectureFamily.WideResNet ? 3 : 7;

    /// <summary>Parameters outside the substitutable blocks: stem, head BN (WRN) or stem BN (ResNet), FC.</summary>
    public long OutsideParameters
    {
        get
        {
            long stem = (long)InChannels * StemKernel * StemKernel * StemWidth;
            long bn = Family == ArchitectureFamily.WideResNet ? 2L * FinalWidth : 2L * StemWidth;
            long fc = (long)FinalWidth * Classes + Classes;
            return stem + bn + fc;
        }
    }

    /// <summary>Multiply-accumulates outside the blocks (stem conv and FC).</summary>
    public long OutsideMacs
    {
        get
        {
            int stemOut = Family == ArchitectureFamily.WideResNet ? InputSize : (InputSize + 6 - 7) / 2 + 1;
            long stem = (long)stemOut * stemOut * InChannels * StemKernel * StemKernel * StemWidth;
            return stem + (long)FinalWidth * Classes;
        }
    }

    public override string ToString() => Name;

    /// <summary>WideResNet-depth-k: depth = 6n + 4, widths 16, 16k, 32k, 64k.</summary>
    public static Architecture WideResNet(int depth, int k, int classes = 10, int inChannels = 3, int inputSize = 32)
    {
        if (depth < 10 || (depth - 4) % 6 != 0)
            throw new BlockSwapException($"WideResNet depth {depth} is invalid: depth must be 6n+4 with n >= 1 (10, 16, 22, 28, 40, ...)");
        if (k < 1)
            throw new BlockSwapException($"WideResNet width {k} is invalid: the widen factor must be at least 1");
        Check(classes, inChannels, inputSize, 8);
        int n = (depth - 4) / 6;
        return new Architecture($"wrn-{depth}-{k}", ArchitectureFamily.WideResNet, classes, inChannels, inputSize,
            16, [16 * k, 32 * k, 64 * k], [n, n, n], [1, 2, 2], inputSize);
    }

    /// <summary>The reference's pre-activation ResNet with (L1..L4) blocks per group.</summary>
    public static Architecture PreActResNet(int layers, int classes = 1000, int inChannels = 3, int inputSize = 224)
    {
        int[] blocks = layers switch
        {
            18 => [2, 2, 2, 2],
            34 => [3, 4, 6, 3],
            _ => throw new BlockSwapException($"ResNet-{layers} is not supported; use resnet18 or resnet34"),
        };
        Check(classes, inChannels, inputSize, 32);
        int stem = (inputSize + 6 - 7) / 2 + 1;
        int pooled = (stem + 2 - 3) / 2 + 1;
        return new Architecture($"resnet{layers}", ArchitectureFamily.PreActResNet, classes, inChannels, inputSize,
            64, [64, 128, 256, 512], blocks, [1, 2, 2, 2], pooled);
    }

    private static void Check(int classes, int inChannels, int inputSize, int minSize)
    {
        if (classes < 1) throw new BlockSwapException($"--classes {classes} is invalid: need at least 1 class");
        if (inChannels is not (1 or 3)) throw new BlockSwapException($"--in-channels {inChannels} is invalid: use 1 (gray) or 3 (RGB)");
        if (inputSize < minSize) throw new BlockSwapException($"input size {inputSize} is too small: use at least {minSize} pixels");
    }

    [GeneratedRegex(@"^wrn-(\d+)-(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WrnName();

    /// <summary>Parses <c>wrn-D-K</c>, <c>resnet18</c> or <c>resnet34</c>. Input size defaults to 32 (WRN) or 224 (ResNet).</summary>
    public static Architecture Parse(string name, int classes = 10, int inChannels = 3, int? inputSize = null)
    {
        var m = WrnName().Match(name.Trim());
        if (m.Success && int.TryParse(m.Groups[1].Value, out int d) && int.TryParse(m.Groups[2].Value, out int k))
            return WideResNet(d, k, classes, inChannels, inputSize ?? 32);
        return name.Trim().ToLowerInvariant() switch
        {
            "resnet18" or "resnet-18" => PreActResNet(18, classes, inChannels, inputSize ?? 224),
            "resnet34" or "resnet-34" => PreActResNet(34, classes, inChannels, inputSize ?? 224),
            _ => throw new BlockSwapException($"unknown architecture '{name}'; use wrn-D-K (e.g. wrn-40-2), resnet18 or resnet34"),
        };
    }
}
