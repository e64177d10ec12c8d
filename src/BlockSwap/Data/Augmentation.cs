using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>Training augmentation settings (docs/method.md, "Training recipe"): crop padding, horizontal flip, Cutout side (0 = off), an automatic policy.</summary>
public sealed record AugmentOptions(int Padding = 4, bool Flip = true, int Cutout = 16, AugmentPolicy Policy = AugmentPolicy.None)
{
    public static readonly AugmentOptions Standard = new();
    public static readonly AugmentOptions None = new(0, false, 0);
}

/// <summary>
/// Turns byte batches into normalised float batches, on the batch's device, as whole-batch tensor operations.
/// Train: an automatic policy per image when one is chosen (torchvision's TrivialAugmentWide or RandAugment, on the
/// bytes), zero-pad and random-crop (and flip) in one gather, normalise, then Cutout (after normalisation, as the
/// reference does). Every random draw comes from a seeded <see cref="Random"/> (the policy's, which draws from
/// libtorch's generator, through a seed taken from it).
/// </summary>
public sealed class Augmenter(Normalisation normalisation, AugmentOptions options)
{

    public Normalisation Normalisation { get; } = normalisation;
    public AugmentOptions Options { get; } = options;

    private Tensor Normalise(Tensor x01)
    {
        int c = (int)x01.shape[1];
        var n = Normalisation.ForChannels(c);
        var mean = tensor(n.Mean.Select(v => (float)v).ToArray(), device: x01.device).view(1, c, 1, 1);
        var std = tensor(n.Std.Select(v => (float)v).ToArray(), device: x01.device).view(1, c, 1, 1);
        return (x01 - mean) / std;
    }

    /// <summary>Evaluation transform: to [0, 1] and normalise.</summary>
    public Tensor Test(Tensor bytes) => Normalise(bytes.to(ScalarType.Float32) / 255.0f);

    /// <summary>Training transform with the random draws taken from <paramref name="rng"/>.</summary>
    public Tensor Train(Tensor bytes, Random rng)
    {
        if (Options.Policy != AugmentPolicy.None) bytes = ApplyPolicy(bytes, rng);
        long n = bytes.shape[0], c = bytes.shape[1], h = bytes.shape[2], w = bytes.shape[3];
        var x = bytes.to(ScalarType.Float32) / 255.0f;
        int p = Options.Padding;
        var rowIdx = new long[n * h];
        var colIdx = new long[n * w];
        for (int i = 0; i < n; i++)
        {
            int oy = rng.Next(2 * p + 1), ox = rng.Next(2 * p + 1);
            bool flip = Options.Flip && rng.Next(2) == 1;
            for (int r = 0; r < h; r++) rowIdx[i * h + r] = oy + r;
            for (int col = 0; col < w; col++) colIdx[i * w + col] = ox + (flip ? w - 1 - col : col);
        }
        var dev = bytes.device;
        if (p > 0) x = nn.functional.pad(x, new long[] { p, p, p, p });
        var rows = tensor(rowIdx, new long[] { n, 1, h, 1 }, device: dev).expand(n, c, h, w + 2 * p);
        x = x.gather(2, rows);
        var cols = tensor(colIdx, new long[] { n, 1, 1, w }, device: dev).expand(n, c, h, w);
        x = Normalise(x.gather(3, cols));
        if (Options.Cutout > 0)
        {
            int half = Options.Cutout / 2;
            var ys = new long[n];
            var xs = new long[n];
            for (int i = 0; i < n; i++) { ys[i] = rng.Next((int)h); xs[i] = rng.Next((int)w); }
            var y = tensor(ys, device: dev).view(n, 1);
            var xc = tensor(xs, device: dev).view(n, 1);
            var ar = arange(h, device: dev).view(1, h);
            var ac = arange(w, device: dev).view(1, w);
            var inRows = (ar >= y - half).logical_and(ar < y + half);
            var inCols = (ac >= xc - half).logical_and(ac < xc + half);
            var hole = inRows.view(n, 1, h, 1).logical_and(inCols.view(n, 1, 1, w));
            x = x.masked_fill(hole, 0);
        }
        return x;
    }

    /// <summary>
    /// The policy on each image alone (torchvision draws one operation per call), drawing from a libtorch generator
    /// seeded from <paramref name="rng"/>. TorchSharp's colour operations need three channels: a gray image goes through
    /// as three equal channels, which every operation keeps equal, and comes back as one.
    /// </summary>
    private Tensor ApplyPolicy(Tensor bytes, Random rng)
    {
        using var generator = new Generator((ulong)rng.NextInt64());
        var policy = Options.Policy == AugmentPolicy.RandAugment
            ? TorchSharp.torchvision.transforms.RandAugment(generator: generator)
            : TorchSharp.torchvision.transforms.TrivialAugmentWide(generator: generator);
        bool gray = bytes.shape[1] == 1;
        return stack(Enumerable.Range(0, (int)bytes.shape[0]).Select(i =>
        {
            var image = gray ? bytes[i].expand(3, bytes.shape[2], bytes.shape[3]).contiguous() : bytes[i];
            var result = policy.call(image);
            return gray ? result.narrow(0, 0, 1) : result;
        }).ToArray());
    }
}
