using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>Teacher signals: attention transfer and logit distillation (docs/method.md, "Training recipe").</summary>
public static class Distillation
{
    /// <summary>Attention map: per example the channel mean of X², L2-normalised (norm floored at 1e-12); N×(H·W).</summary>
    public static Tensor AttentionMap(Tensor x)
    {
        using var squares = x.square(); // a whole activation's size: freed here, not at the step's end
        var q = squares.mean([1]).flatten(1);
        return q / q.norm(1, keepdim: true).clamp_min(1e-12);
    }

    /// <summary>AT(S, T) = mean over all N·H·W entries of (q(S) − q(T))²; no factor ½.</summary>
    public static Tensor AttentionTransfer(Tensor student, Tensor teacher) =>
        (AttentionMap(student) - AttentionMap(teacher)).square().mean();

    /// <summary>Weight per AT pair: β·3 / pairs, which is β = 1000 for the WRN's three group outputs.</summary>
    public static double PairWeight(double beta, int pairs) => beta * 3 / pairs;

    /// <summary>
    /// 2·α·τ²·KL(softmax(t/τ) ‖ softmax(s/τ)) + (1 − α)·CE(s, y), the KL averaged over all N × classes entries.
    /// With α = 0 this is plain cross-entropy.
    /// </summary>
    public static Tensor KnowledgeDistillation(Tensor studentLogits, Tensor teacherLogits, Tensor labels, double alpha, double temperature, double labelSmoothing = 0) =>
        Distil(studentLogits, teacherLogits, nn.functional.cross_entropy(studentLogits, labels, label_smoothing: labelSmoothing), alpha, temperature);

    /// <summary>The same with the label loss given (<paramref name="labelLoss"/>: a cross-entropy, or a mixed batch's weighed pair).</summary>
    public static Tensor Distil(Tensor studentLogits, Tensor teacherLogits, Tensor labelLoss, double alpha, double temperature)
    {
        if (alpha == 0) return labelLoss;
        var logPs = nn.functional.log_softmax(studentLogits / temperature, 1);
        var logPt = nn.functional.log_softmax(teacherLogits / temperature, 1);
        var kl = (logPt.exp() * (logPt - logPs)).mean();
        return 2 * alpha * temperature * temperature * kl + (1 - alpha) * labelLoss;
    }
}
