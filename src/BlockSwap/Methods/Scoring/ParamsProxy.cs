using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Scoring;

/// <summary>Baseline proxy: the parameter count (larger is assumed better).</summary>
public sealed class ParamsProxy : IProxy
{
    public string Name => "params";
    public string Description => "Parameter count of the network (a trivial baseline)";
    public ProxyScore Score(BlockSwapNetwork network, Tensor images, Tensor labels) => new(network.Plan.Parameters);
}
