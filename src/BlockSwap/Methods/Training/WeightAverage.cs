using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// An exponential moving average of a network's weights and BN statistics, kept as a second network of the same plan
/// and used for evaluation: after each step, every floating-point entry e of its state becomes d·e + (1 − d)·w (integer
/// counters are copied). It starts as a copy of the network.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> source;
    private readonly Dictionary<string, Tensor> average;

    public WeightAverage(BlockSwapNetwork network, double decay)
    {
        Decay = decay;
        Network = new BlockSwapNetwork(network.Plan, seed: 0, network.Device);
        Network.Compute.CopyFrom(network.Compute);
        Network.eval();
        foreach (var p in Network.parameters()) p.requires_grad = false;
        source = network.state_dict();
        average = Network.state_dict();
        Restart();
    }

    /// <summary>Makes the average the network's current weights (at the start, and after loading a starting point).</summary>
    public void Restart()
    {
        using var _ = no_grad();
        foreach (var (k, v) in average) v.copy_(source[k]);
    }

    public double Decay { get; }
    public BlockSwapNetwork Network { get; }

    public void Update()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var (k, v) in average)
        {
            if (v.is_floating_point()) v.mul_(Decay).add_(source[k], alpha: 1 - Decay);
            else v.copy_(source[k]);
        }
    }

    public void Dispose() => Network.Dispose();
}
