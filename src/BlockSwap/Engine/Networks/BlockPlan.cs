using BlockSwap.Description.Blocks;
using BlockSwap.Description.Layers;

namespace BlockSwap.Engine.Networks;

/// <summary>One type instance inside a block: its input and output widths, stride and input size.</summary>
public sealed record InstancePlan(string Name, int In, int Out, int Stride, int InputSize);

/// <summary>
/// A block position filled with a type and a resolved wrapper. This is the one place the wrapper's
/// structure (docs/method.md, "Wrappers") is described: <see cref="Spec"/> is the block's layer tree, which
/// the modules, the counts, the MACs and the ONNX export all read.
/// </summary>
public sealed record BlockPlan(BlockPosition Position, BlockType Type, WrapperKind Wrapper)
{
    public int In => Position.In;
    public int Out => Position.Out;

    /// <summary>Basic: conv1 (I→O, stride s) then conv2 (O→O); Bottle: conv1 (I→O, stride s).</summary>
    public IReadOnlyList<InstancePlan> Instances => Wrapper == WrapperKind.Basic
        ? [new("conv1", In, Out, Position.Stride, Position.InputSize), new("conv2", Out, Out, 1, Position.OutputSize)]
        : [new("conv1", In, Out, Position.Stride, Position.InputSize)];

    /// <summary>Null when every instance can be built; otherwise why not, naming the position.</summary>
    public string? Invalidity()
    {
        foreach (var inst in Instances)
            if (Type.Invalidity(inst.In, inst.Out) is { } why)
                return $"{why} at position {Position.Index} ({inst.In}→{inst.Out} channels)";
        return null;
    }

    /// <summary>
    /// The block as layers, named as the reference names its modules: bn1, relu1, conv1 (an instance), and for
    /// the Basic wrapper bn2, relu2, conv2; the 1×1 projection convShortcut when the width changes.
    /// </summary>
    public ResidualSpec Spec
    {
        get
        {
            var inst = Instances;
            var branch = new List<LayerSpec> { Instance(inst[0]) };
            if (inst.Count == 2)
                branch.AddRange([new BatchNormSpec("bn2", Out, new ReluSpec("relu2")), Instance(inst[1])]);
            var shortcut = Position.HasProjection ? new ConvSpec("convShortcut", In, Out, 1, Position.Stride, 0, 1) : null;
            return new ResidualSpec(Position.Path, [new BatchNormSpec("bn1", In, new ReluSpec("relu1"))], branch, shortcut);
        }
    }

    private SequenceSpec Instance(InstancePlan i) => new(i.Name, Type.Layers(i.In, i.Out, i.Stride));

    /// <summary>Learnable scalars: BN1 + instances (+ BN2 for Basic) + projection.</summary>
    public long Parameters => Spec.Parameters;

    /// <summary>Multiply-accumulates of the convolutions in this block for one image.</summary>
    public long Macs => Spec.Macs(Position.InputSize);
}
