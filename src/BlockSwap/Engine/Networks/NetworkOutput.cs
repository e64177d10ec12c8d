using static TorchSharp.torch;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// What a forward pass returns (docs/method.md, "Networks"): the logits and the group outputs (after each group's last
/// residual addition, before the head), plus, when asked for, every block's residual-branch output.
/// </summary>
public sealed record NetworkOutput(Tensor Logits, IReadOnlyList<Tensor> GroupOutputs, IReadOnlyList<Tensor> Residuals)
{
    /// <summary>The logits and group outputs in float32 (a bf16 network's, for the losses); autograd flows through the casts.</summary>
    public NetworkOutput Float32() =>
        new(Logits.to(ScalarType.Float32), GroupOutputs.Select(g => g.to(ScalarType.Float32)).ToArray(), Residuals.Select(r => r.to(ScalarType.Float32)).ToArray());
}
