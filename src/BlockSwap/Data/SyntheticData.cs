using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>
/// Generated images for tests and smoke runs: each class is a fixed random smooth pattern, each example that
/// pattern plus noise, so networks can learn it. Always named "synthetic" in outputs.
/// </summary>
public static class SyntheticData
{
    public static DataSplits Create(int classes = 10, int channels = 3, int size = 32, int trainCount = 512, int testCount = 256, long seed = 0)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed + 0x5EED);
        // Smooth class templates: coarse noise upsampled to the image size.
        var coarse = rand(new long[] { classes, channels, 4, 4 }, generator: gen);
        var templates = nn.functional.interpolate(coarse, new long[] { size, size }, mode: InterpolationMode.Bilinear, align_corners: false);
        Dataset Make(int n)
        {
            var labels = randint(0, classes, new long[] { n }, generator: gen);
            var x = templates.index_select(0, labels) * 0.7 + rand(new long[] { n, channels, size, size }, generator: gen) * 0.3;
            var images = (x * 255).clamp(0, 255).to(ScalarType.Byte);
            return new Dataset("synthetic", images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), classes, Normalisation.Synthetic.ForChannels(channels), synthetic: true);
        }
        return new DataSplits(Make(trainCount), Make(testCount));
    }
}
