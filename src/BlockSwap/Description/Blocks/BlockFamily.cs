namespace BlockSwap.Description.Blocks;

/// <summary>Internal layer structure of a substitute (docs/method.md, "Block families").</summary>
public enum BlockFamily
{
    /// <summary>A full 3×3 convolution.</summary>
    Conv,
    /// <summary>Grouped 3×3 at the input width, BN, ReLU, pointwise 1×1 to the output width.</summary>
    DConv,
    /// <summary>1×1 down to m = b/β, BN, ReLU, grouped 3×3, BN, ReLU, 1×1 up to b.</summary>
    Bottleneck,
    /// <summary>Inverted residual with expansion 6 (MobileNetV2); not sampled.</summary>
    MBConv,
}

/// <summary>The pre-activation residual wrapper a substitute sits in (docs/method.md, "Wrappers").</summary>
public enum WrapperKind
{
    /// <summary>Two instances of the type with BN2/ReLU between them.</summary>
    Basic,
    /// <summary>One instance of the type.</summary>
    Bottle,
}
