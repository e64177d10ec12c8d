namespace BlockSwap.Data;

/// <summary>Fashion-MNIST from IDX files: 60,000 train / 10,000 test gray 28×28 images in 10 classes.</summary>
public static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public static readonly string[] ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static DataSplits Load(string dir)
    {
        if (!Directory.Exists(dir))
            throw new BlockSwapException($"Fashion-MNIST folder {dir} does not exist; install the Debian package dataset-fashion-mnist or give the folder holding the IDX files");
        var train = new Dataset("fashion-mnist", IdxReader.ReadImages(Find(dir, "train-images-idx3-ubyte")), IdxReader.ReadLabels(Find(dir, "train-labels-idx1-ubyte"), 10), 10, Normalisation.FashionMnist) { ClassNames = ClassNames };
        var test = LoadTest(dir);
        return new DataSplits(train, test);
    }

    public static Dataset LoadTest(string dir) =>
        new("fashion-mnist", IdxReader.ReadImages(Find(dir, "t10k-images-idx3-ubyte")), IdxReader.ReadLabels(Find(dir, "t10k-labels-idx1-ubyte"), 10), 10, Normalisation.FashionMnist) { ClassNames = ClassNames };

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
