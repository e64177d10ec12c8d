using static TorchSharp.torch;

namespace BlockSwap.Networks;

/// <summary>
/// What a forward pass returns (docs/method.md, "Networks"): the logits and the group outputs (after each group's last
/// residual addition, before the head), plus, when asked for, every block's residual-branch output.
/// </summary>
public sealed record NetworkOutput(Tensor Logits, IReadOnlyList<Tensor> GroupOutputs, IReadOnlyList<Tensor> Residuals);
