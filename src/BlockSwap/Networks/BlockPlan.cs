using BlockSwap.Blocks;

namespace BlockSwap.Networks;

/// <summary>One type instance inside a block: its input and output widths, stride and input size.</summary>
public sealed record InstancePlan(string Name, int In, int Out, int Stride, int InputSize);

/// <summary>
/// A block position filled with a type and a resolved wrapper. This is the one place the wrapper's
/// structure (spec §2.3) is described; modules, counts and MACs all follow from it.
/// </summary>
public sealed record BlockPlan(BlockPosition Position, BlockType Type, WrapperKind Wrapper)
{
    public int In => Position.In;
    public int Out => Position.Out;

    /// <summary>Basic: conv1 (I→O, stride s) then conv2 (O→O); Bottle: conv1 (I→O, stride s).</summary>
    public IReadOnlyList<InstancePlan> Instances => Wrapper == WrapperKind.Basic
        ? [new("conv1", In, Out, Position.Stride, Position.InputSize), new("conv2", Out, Out, 1, Position.OutputSize)]
        : [new("conv1", In, Out, Position.Stride, Position.InputSize)];

    /// <summary>The 1×1 projection shortcut, present when the width changes.</summary>
    public ConvSpec? Shortcut => Position.HasProjection ? new ConvSpec("convShortcut", In, Out, 1, Position.Stride, 0, 1) : null;

    /// <summary>Null when every instance can be built; otherwise why not, naming the position.</summary>
    public string? Invalidity()
    {
        foreach (var inst in Instances)
            if (Type.Invalidity(inst.In, inst.Out) is { } why)
                return $"{why} at position {Position.Index} ({inst.In}→{inst.Out} channels)";
        return null;
    }

    /// <summary>Learnable scalars: BN1 + instances (+ BN2 for Basic) + projection.</summary>
    public long Parameters
    {
        get
        {
            long p = 2L * In + Instances.Sum(i => Type.InstanceParameters(i.In, i.Out));
            if (Wrapper == WrapperKind.Basic) p += 2L * Out;
            return p + (Shortcut?.Parameters ?? 0);
        }
    }

    /// <summary>Multiply-accumulates of the convolutions in this block for one image.</summary>
    public long Macs
    {
        get
        {
            long macs = 0;
            foreach (var inst in Instances)
            {
                int size = inst.InputSize;
                foreach (var layer in Type.Layers(inst.In, inst.Out, inst.Stride))
                    if (layer is ConvSpec c)
                    {
                        macs += c.Macs(size);
                        size = c.OutputSize(size);
                    }
            }
            return macs + (Shortcut?.Macs(Position.InputSize) ?? 0);
        }
    }
}
