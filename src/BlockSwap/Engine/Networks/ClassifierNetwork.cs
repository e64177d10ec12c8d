using static TorchSharp.torch;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// A classifier that can teach by attention transfer: its logits and the outputs of its groups (stages), whose shapes
/// a student's group outputs must match. <see cref="BlockSwapNetwork"/> and <see cref="TorchvisionResNet"/> are two.
/// </summary>
public abstract class ClassifierNetwork(string name) : nn.Module<Tensor, NetworkOutput>(name)
{
    /// <summary>A name for messages, e.g. wrn-40-2 or torchvision-resnet34.</summary>
    public abstract string Description { get; }

    public abstract int Classes { get; }

    /// <summary>Channels and side of each group output, in forward order.</summary>
    public abstract IReadOnlyList<(int Channels, int Size)> GroupOutputShapes { get; }

    /// <summary>The parameter count.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}
