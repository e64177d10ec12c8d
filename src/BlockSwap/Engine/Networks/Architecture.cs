using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BlockSwap.Data;
using BlockSwap.Description.Layers;

namespace BlockSwap.Engine.Networks;

public enum ArchitectureFamily
{
    /// <summary>WideResNet-D-K with pre-activation blocks (docs/method.md, "Networks").</summary>
    WideResNet,
    /// <summary>The reference's pre-activation ResNet-18/34 (docs/method.md, "Networks"), not torchvision's.</summary>
    PreActResNet,
}

/// <summary>
/// One substitutable block slot: input/output width, stride and spatial size at its input. Its module path
/// follows the reference implementation: block{g}.0.layer.{j}, g the group from 1, j the index in the group.
/// </summary>
public sealed record BlockPosition(int Index, int Group, int IndexInGroup, int In, int Out, int Stride, int InputSize)
{
    public int OutputSize => (InputSize + 2 - 3) / Stride + 1;
    public bool HasProjection => In != Out;
    public string Path => $"block{Group + 1}.0.layer.{IndexInGroup}";
}

/// <summary>
/// A network skeleton: the fixed stem and head, described as layers, and the substitutable block positions.
/// It knows nothing of block types; a <see cref="Genotype"/> fills the positions.
/// </summary>
[JsonConverter(typeof(ArchitectureJsonConverter))]
public sealed partial class Architecture : IEquatable<Architecture>
{
    private Architecture(string name, ArchitectureFamily family, int classes, int inChannels, int inputSize,
        IReadOnlyList<LayerSpec> stem, int stemWidth, int[] groupWidths, int[] groupBlocks, int[] groupStrides,
        Func<int, IReadOnlyList<LayerSpec>> head)
    {
        Name = name;
        Family = family;
        Classes = classes;
        InChannels = inChannels;
        InputSize = inputSize;
        GroupBlocks = groupBlocks;
        Stem = stem;
        var positions = new List<BlockPosition>();
        int width = stemWidth, size = stem.Aggregate(inputSize, (s, l) => l.OutputSize(s));
        for (int g = 0; g < groupWidths.Length; g++)
            for (int j = 0; j < groupBlocks[g]; j++)
            {
                int stride = j == 0 ? groupStrides[g] : 1;
                var p = new BlockPosition(positions.Count, g, j, width, groupWidths[g], stride, size);
                positions.Add(p);
                width = p.Out;
                size = p.OutputSize;
            }
        Positions = positions;
        Head = head(width);
        headInputSize = size;
    }

    private readonly int headInputSize;

    /// <summary>Spatial side of the head's input (the last block's output).</summary>
    public int HeadInputSize => headInputSize;

    /// <summary>Channels of the head's input (the last block's output width).</summary>
    public int HeadInputChannels => Positions[^1].Out;

    public const int DefaultClasses = 10;
    /// <summary>The largest input side (<see cref="InputShape.MaxSize"/>).</summary>
    public const int MaxInputSize = InputShape.MaxSize;
    public const int DefaultInChannels = 3;

    /// <summary>Canonical name, e.g. <c>wrn-40-2</c> or <c>resnet34</c>.</summary>
    public string Name { get; }
    public ArchitectureFamily Family { get; }
    public int Classes { get; }
    public int InChannels { get; }
    /// <summary>Input height = width in pixels.</summary>
    public int InputSize { get; }
    /// <summary>The images this network takes.</summary>
    public InputShape Shape => new(InChannels, InputSize, Classes);
    /// <summary>A WideResNet's depth (6n + 4, two convolutions per block plus stem and head) and widen factor; null for other families.</summary>
    public (int Depth, int Width)? WideResNetSize => Family == ArchitectureFamily.WideResNet ? (2 * GroupBlocks.Sum() + 4, HeadInputChannels / 64) : null;
    public IReadOnlyList<int> GroupBlocks { get; }
    public IReadOnlyList<BlockPosition> Positions { get; }
    public int GroupCount => GroupBlocks.Count;
    /// <summary>Layers before the first block, with their module names.</summary>
    public IReadOnlyList<LayerSpec> Stem { get; }
    /// <summary>Layers after the last block, ending with the classifier.</summary>
    public IReadOnlyList<LayerSpec> Head { get; }

    /// <summary>Index of the last block of each group: the group outputs used by attention transfer.</summary>
    public IEnumerable<int> GroupOutputIndices => Positions.Where(p => p.Index == Positions.Count - 1 || Positions[p.Index + 1].Group != p.Group).Select(p => p.Index);

    /// <summary>Parameters outside the substitutable blocks (stem and head).</summary>
    public long OutsideParameters => Stem.Sum(l => l.Parameters) + Head.Sum(l => l.Parameters);

    /// <summary>Multiply-accumulates outside the blocks (stem and head).</summary>
    public long OutsideMacs => LayerSpec.MacsOf(Stem, InputSize) + LayerSpec.MacsOf(Head, headInputSize);

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
        // The reference's WideResNet: conv1; block1..3; bn1, relu, pooling, fc.
        return new Architecture($"wrn-{depth}-{k}", ArchitectureFamily.WideResNet, classes, inChannels, inputSize,
            [new ConvSpec("conv1", inChannels, 16, 3, 1, 1, 1)], 16, [16 * k, 32 * k, 64 * k], [n, n, n], [1, 2, 2],
            w => [new BatchNormSpec("bn1", w, new ReluSpec("relu")), new GlobalPoolSpec("pool"), new LinearSpec("fc", w, classes)]);
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
        // The reference's ResNet: conv1, bn1, relu, mpool; block1..4; pooling, fc (no final BN).
        return new Architecture($"resnet{layers}", ArchitectureFamily.PreActResNet, classes, inChannels, inputSize,
            [new ConvSpec("conv1", inChannels, 64, 7, 2, 3, 1), new BatchNormSpec("bn1", 64, new ReluSpec("relu")), new MaxPoolSpec("mpool", 3, 2, 1)],
            64, [64, 128, 256, 512], blocks, [1, 2, 2, 2],
            w => [new GlobalPoolSpec("pool"), new LinearSpec("fc", w, classes)]);
    }

    private static void Check(int classes, int inChannels, int inputSize, int minSize)
    {
        if (classes < 1) throw new BlockSwapException($"{classes} classes is invalid: need at least 1 class");
        if (inChannels is not (1 or 3)) throw new BlockSwapException($"{inChannels} input channels is invalid: use 1 (gray) or 3 (RGB)");
        if (inputSize < minSize) throw new BlockSwapException($"input size {inputSize} is too small: use at least {minSize} pixels");
        if (inputSize > MaxInputSize) throw new BlockSwapException($"input size {inputSize} is too large: use at most {MaxInputSize} pixels (counts beyond it overflow)");
    }

    [GeneratedRegex(@"^wrn-(\d+)-(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WrnName();

    /// <summary>Parses <c>wrn-D-K</c>, <c>resnet18</c> or <c>resnet34</c>. Input size defaults to 32 (WRN) or 224 (ResNet).</summary>
    public static Architecture Parse(string name, int classes = DefaultClasses, int inChannels = DefaultInChannels, int? inputSize = null)
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

    /// <summary>The same network for another input shape and class count (the data's, once they are read).</summary>
    public Architecture Reshaped(int classes, int inChannels, int inputSize) => Family switch
    {
        ArchitectureFamily.WideResNet => WideResNet(WideResNetSize!.Value.Depth, WideResNetSize.Value.Width, classes, inChannels, inputSize),
        ArchitectureFamily.PreActResNet => PreActResNet(2 * GroupBlocks.Sum() + 2, classes, inChannels, inputSize),
        _ => throw new InvalidOperationException(Family.ToString()),
    };

    /// <summary>Two architectures are equal when they build the same skeleton.</summary>
    public bool Equals(Architecture? other) =>
        other is not null && Name == other.Name && Classes == other.Classes && InChannels == other.InChannels && InputSize == other.InputSize;
    public override bool Equals(object? obj) => Equals(obj as Architecture);
    public override int GetHashCode() => HashCode.Combine(Name, Classes, InChannels, InputSize);
}

/// <summary>JSON: <c>{ "name", "classes", "inChannels", "inputSize" }</c>, validated on reading.</summary>
internal sealed class ArchitectureJsonConverter : JsonConverter<Architecture>
{
    private sealed record Fields(string Name, int Classes, int InChannels, int InputSize);

    public override Architecture Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var f = JsonSerializer.Deserialize<Fields>(ref reader, options) ?? throw new JsonException("empty architecture");
        return Architecture.Parse(f.Name ?? "", f.Classes, f.InChannels, f.InputSize);
    }

    public override void Write(Utf8JsonWriter writer, Architecture value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Fields(value.Name, value.Classes, value.InChannels, value.InputSize), options);
}
