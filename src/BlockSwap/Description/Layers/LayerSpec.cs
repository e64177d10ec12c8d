namespace BlockSwap.Description.Layers;

/// <summary>
/// One layer of a network, described without building it. Every network is a tree of these (see
/// <c>NetworkLayout</c>); module construction, parameter and MAC counts, ONNX export and BN folding all walk
/// that one tree. <see cref="LayerSpec.Name"/> is the module name, so paths through the tree are the
/// state_dict keys of the reference PyTorch code.
/// </summary>
public abstract record LayerSpec(string Name)
{
    /// <summary>Learnable scalars of this layer (conv and FC weights and biases; BN γ and β).</summary>
    public abstract long Parameters { get; }

    /// <summary>Spatial side of the output for a square input of side <paramref name="inputSize"/>.</summary>
    public virtual int OutputSize(int inputSize) => inputSize;

    /// <summary>Multiply-accumulates for one image of side <paramref name="inputSize"/>.</summary>
    public virtual long Macs(int inputSize) => 0;

    /// <summary>MACs of layers applied in order to an input of side <paramref name="inputSize"/>.</summary>
    public static long MacsOf(IEnumerable<LayerSpec> layers, int inputSize)
    {
        long macs = 0;
        foreach (var l in layers)
        {
            macs += l.Macs(inputSize);
            inputSize = l.OutputSize(inputSize);
        }
        return macs;
    }

    /// <summary>The leaf layers of a run, in forward order, each with its dotted path below <paramref name="prefix"/>.</summary>
    public static IEnumerable<(string Path, LayerSpec Layer)> Leaves(string prefix, IEnumerable<LayerSpec> layers)
    {
        foreach (var l in layers)
        {
            var path = prefix.Length == 0 ? l.Name : $"{prefix}.{l.Name}";
            if (l is SequenceSpec s)
                foreach (var leaf in Leaves(path, s.Layers)) yield return leaf;
            else
                yield return (path, l);
            if (l is BatchNormSpec { Relu: { } relu })
                yield return (prefix.Length == 0 ? relu.Name : $"{prefix}.{relu.Name}", relu);
        }
    }
}

/// <summary>A bias-free 2-D convolution.</summary>
public sealed record ConvSpec(string Name, int In, int Out, int Kernel, int Stride, int Padding, int Groups)
    : LayerSpec(Name)
{
    public override long Parameters => (long)Out * (In / Groups) * Kernel * Kernel;

    public override int OutputSize(int inputSize) => (inputSize + 2 * Padding - Kernel) / Stride + 1;

    public override long Macs(int inputSize)
    {
        long o = OutputSize(inputSize);
        return o * o * Parameters;
    }
}

/// <summary>
/// Affine batch normalisation (γ and β counted; running statistics not), with the ReLU that follows it when
/// <paramref name="Relu"/> is set, as timm's BatchNormAct2d: one step at run time (one fused pass where the float64
/// kernel runs), two leaves and two modules under their own names (the reference's state_dict keys and hooks).
/// </summary>
public sealed record BatchNormSpec(string Name, int Channels, ReluSpec? Relu = null) : LayerSpec(Name)
{
    public override long Parameters => 2L * Channels;
}

/// <summary>A rectifier; no parameters.</summary>
public sealed record ReluSpec(string Name) : LayerSpec(Name)
{
    public override long Parameters => 0;
}

/// <summary>Square max pooling (the ResNet stem's 3×3, stride 2, padding 1).</summary>
public sealed record MaxPoolSpec(string Name, int Kernel, int Stride, int Padding) : LayerSpec(Name)
{
    public override long Parameters => 0;
    public override int OutputSize(int inputSize) => (inputSize + 2 * Padding - Kernel) / Stride + 1;
}

/// <summary>Global average pooling to one value per channel, flattened to N×C.</summary>
public sealed record GlobalPoolSpec(string Name) : LayerSpec(Name)
{
    public override long Parameters => 0;
    public override int OutputSize(int inputSize) => 1;
}

/// <summary>A fully connected layer with bias (the classifier).</summary>
public sealed record LinearSpec(string Name, int In, int Out) : LayerSpec(Name)
{
    public override long Parameters => (long)In * Out + Out;
    public override long Macs(int inputSize) => (long)In * Out;
}

/// <summary>Named layers applied in order (a substitute instance, for example).</summary>
public sealed record SequenceSpec(string Name, IReadOnlyList<LayerSpec> Layers) : LayerSpec(Name)
{
    public override long Parameters => Layers.Sum(l => l.Parameters);

    public override int OutputSize(int inputSize) => Layers.Aggregate(inputSize, (s, l) => l.OutputSize(s));

    public override long Macs(int inputSize) => MacsOf(Layers, inputSize);
}

/// <summary>
/// A pre-activation residual block (docs/method.md, "Wrappers"): a = PreActivation(x); out = Shortcut(a) + Branch(a)
/// when a projection is present, otherwise x + Branch(a).
/// </summary>
public sealed record ResidualSpec(string Name, IReadOnlyList<LayerSpec> PreActivation, IReadOnlyList<LayerSpec> Branch, ConvSpec? Shortcut)
    : LayerSpec(Name)
{
    public override long Parameters => PreActivation.Sum(l => l.Parameters) + Branch.Sum(l => l.Parameters) + (Shortcut?.Parameters ?? 0);

    public override int OutputSize(int inputSize) => Branch.Aggregate(inputSize, (s, l) => l.OutputSize(s));

    public override long Macs(int inputSize) => MacsOf(Branch, inputSize) + (Shortcut?.Macs(inputSize) ?? 0);
}
