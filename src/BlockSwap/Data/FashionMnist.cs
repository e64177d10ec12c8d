namespace BlockSwap.Data;

/// <summary>Fashion-MNIST from IDX files: 60,000 train / 10,000 test gray 28×28 images in 10 classes.</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> puts the full set; <c>$BLOCKSWAP_FASHION_MNIST</c> names another folder.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("BLOCKSWAP_FASHION_MNIST") is { Length: > 0 } own ? own : "/usr/share/datasets/fashion-mnist";
    public static readonly string[] ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static DataSplits Load(string dir)
    {
        if (!Directory.Exists(dir))
            throw new BlockSwapException($"Fashion-MNIST folder {dir} does not exist; install the Debian package dataset-fashion-mnist or give the folder holding the IDX files");
        var train = Split(dir, "train");
        var test = LoadTest(dir);
        if (train.Size != test.Size || train.Channels != test.Channels)
        {
            var (a, b) = ($"{train.Channels}×{train.Size}×{train.Size}", $"{test.Channels}×{test.Size}×{test.Size}");
            train.Dispose();
            test.Dispose();
            throw new BlockSwapException($"{dir}: the training images are {a} but the test images {b}; both splits must come from one data set (reinstall dataset-fashion-mnist or copy the matching files)");
        }
        return new DataSplits(train, test);
    }

    public static Dataset LoadTest(string dir) => Split(dir, "t10k");

    /// <summary>One split's images and labels, refused when their counts differ (the labels would be misaligned).</summary>
    private static Dataset Split(string dir, string prefix)
    {
        string imagesPath = Find(dir, $"{prefix}-images-idx3-ubyte"), labelsPath = Find(dir, $"{prefix}-labels-idx1-ubyte");
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, 10);
        if (images.shape[0] != labels.shape[0])
        {
            long n = images.shape[0], m = labels.shape[0];
            images.Dispose();
            labels.Dispose();
            throw new BlockSwapException($"{imagesPath} holds {n:N0} images but {labelsPath} holds {m:N0} labels; the two files must come from the same split (reinstall dataset-fashion-mnist or copy the matching pair)");
        }
        return new Dataset("fashion-mnist", images, labels, 10, Normalisation.FashionMnist) { ClassNames = ClassNames };
    }

    /// <summary>
    /// Only the bundled official test split: its first <paramref name="trainCount"/> images train, the rest test.
    /// </summary>
    public static DataSplits LoadBundledSplit(string dir, int trainCount = 8000)
    {
        using var all = LoadTest(dir);
        int n = all.Count;
        var train = new Dataset("fashion-mnist (bundled 10k test split: 8k train / 2k test)", all.Images.narrow(0, 0, trainCount).clone(), all.Labels.narrow(0, 0, trainCount).clone(), 10, Normalisation.FashionMnist) { ClassNames = ClassNames };
        var test = new Dataset(train.Name, all.Images.narrow(0, trainCount, n - trainCount).clone(), all.Labels.narrow(0, trainCount, n - trainCount).clone(), 10, Normalisation.FashionMnist) { ClassNames = ClassNames };
        return new DataSplits(train, test);
    }

    private static string Find(string dir, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx") + ".gz", stem.Replace("-idx", ".idx") })
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        throw new BlockSwapException($"{Path.Combine(dir, stem)}(.gz) is missing; a Fashion-MNIST folder holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz");
    }
}
