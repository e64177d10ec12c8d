using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>A proxy's value for one network; <see cref="PerBlock"/> where the proxy decomposes by block.</summary>
public sealed record ProxyScore(double Value, double[]? PerBlock = null);

/// <summary>
/// A zero-cost proxy: scores a freshly initialised network from one minibatch without training it. A proxy
/// may update BN running statistics but leaves every weight as it found it. Larger is better.
/// </summary>
public interface IProxy
{
    string Name { get; }
    string Description { get; }
    ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels);
}
