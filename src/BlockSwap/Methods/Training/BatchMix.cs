using MathNet.Numerics.Distributions;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>A mixed batch: its images, the partner of each image's label, and the weight λ of the image's own label.</summary>
public sealed record MixedBatch(Tensor Images, Tensor PartnerLabels, double Lambda);

/// <summary>
/// Mixup (Zhang et al. 2018) and CutMix (Yun et al. 2019), as timm applies them per batch: each image is paired with
/// another of the batch (a seeded permutation), λ ~ Beta(α, α); mixup blends the pair, λ·x + (1 − λ)·x', CutMix pastes
/// a box of area (1 − λ) of the partner (centre uniform, clipped at the border, λ then set to the kept area). With
/// both on, each batch takes one of them with probability ½. The loss weighs the two labels by λ and 1 − λ
/// (<see cref="Loss"/>); a teacher sees the mixed images too.
/// </summary>
public static class BatchMix
{
    /// <summary>The mixed batch, or null when neither is on (α = 0) or the batch has one image.</summary>
    public static MixedBatch? Mix(Tensor images, Tensor labels, double mixupAlpha, double cutmixAlpha, Random rng)
    {
        long n = images.shape[0];
        if ((mixupAlpha <= 0 && cutmixAlpha <= 0) || n < 2) return null;
        bool cut = cutmixAlpha > 0 && (mixupAlpha <= 0 || rng.Next(2) == 1);
        double lambda = Beta.Sample(rng, cut ? cutmixAlpha : mixupAlpha, cut ? cutmixAlpha : mixupAlpha);
        var order = Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray();
        rng.Shuffle(order);
        using var perm = tensor(order, device: images.device);
        var partner = images.index_select(0, perm);
        var partnerLabels = labels.index_select(0, perm);
        if (!cut) return new MixedBatch(images * lambda + partner * (1 - lambda), partnerLabels, lambda);
        long h = images.shape[2], w = images.shape[3];
        double side = Math.Sqrt(1 - lambda);
        long bh = (long)(h * side), bw = (long)(w * side);
        long cy = rng.Next((int)h), cx = rng.Next((int)w);
        long y0 = Math.Clamp(cy - bh / 2, 0, h), y1 = Math.Clamp(cy + bh / 2, 0, h);
        long x0 = Math.Clamp(cx - bw / 2, 0, w), x1 = Math.Clamp(cx + bw / 2, 0, w);
        var mixed = images.clone();
        if (y1 > y0 && x1 > x0)
            mixed[.., .., (int)y0..(int)y1, (int)x0..(int)x1] = partner[.., .., (int)y0..(int)y1, (int)x0..(int)x1];
        return new MixedBatch(mixed, partnerLabels, 1 - (double)((y1 - y0) * (x1 - x0)) / (h * w));
    }

    /// <summary>λ·loss(own labels) + (1 − λ)·loss(partner labels).</summary>
    public static Tensor Loss(Func<Tensor, Tensor> loss, Tensor labels, Tensor partnerLabels, double lambda) =>
        loss(labels) * lambda + loss(partnerLabels) * (1 - lambda);
}
