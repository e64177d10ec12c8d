namespace BlockSwap.Data;

/// <summary>Resolves <c>--dataset</c> / <c>--data</c> into loaded splits.</summary>
public static class DataSets
{
    public static readonly string[] Names = ["fashion-mnist", "cifar10", "cifar100", "folder", "synthetic"];

    /// <summary>What a user must know when a data set is a stand-in for the full one (null when it is not).</summary>
    public static string? FallbackNotice(string datasetName) => datasetName.Contains("bundled", StringComparison.Ordinal)
        ? $"The full Fashion-MNIST is not installed ({FashionMnist.DefaultDirectory}), so this ran on the bundled 10k test split " +
          "(8k train / 2k test): errors are far higher than with the full 60k set. Install it with: sudo apt-get install dataset-fashion-mnist"
        : null;

    /// <summary>The loader name of a data set's display name (a checkpoint records the display name).</summary>
    public static string KindOf(string name) => Names.FirstOrDefault(n => name.StartsWith(n, StringComparison.OrdinalIgnoreCase)) ?? name;

    /// <summary>Folder of the bundled Fashion-MNIST test split, looked up next to the program and up the tree.</summary>
    public static string? BundledFashionMnist()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "data", "fashion-mnist");
                if (File.Exists(Path.Combine(p, "t10k-images-idx3-ubyte.gz"))) return p;
            }
        }
        return null;
    }

    /// <param name="syntheticShape">Channels and size of generated data and of decoded image folders (to match the network).</param>
    /// <param name="folder">How to read an image folder (its channels and size are <paramref name="syntheticShape"/>'s).</param>
    public static DataSplits Load(string name, string? dir, long seed = 0, (int Channels, int Size)? syntheticShape = null, int syntheticTrain = 512, int syntheticTest = 256,
        ImageFolderOptions? folder = null)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "fashion-mnist" or "fashionmnist" or "fmnist":
                if (dir is not null) return FashionMnist.Load(dir) with { Folder = Path.GetFullPath(dir) };
                if (Directory.Exists(FashionMnist.DefaultDirectory)) return FashionMnist.Load(FashionMnist.DefaultDirectory);
                var bundled = BundledFashionMnist()
                    ?? throw new BlockSwapException($"Fashion-MNIST not found in {FashionMnist.DefaultDirectory} and no bundled copy; install the Debian package dataset-fashion-mnist or give the folder holding the IDX files");
                return FashionMnist.LoadBundledSplit(bundled);
            case "cifar10" or "cifar-10":
                if (dir is null)
                    throw new BlockSwapException("cifar10 needs its data folder: the one holding data_batch_1..5.bin and test_batch.bin (the CIFAR-10 binary version)");
                return Cifar10Reader.Load(dir) with { Folder = Path.GetFullPath(dir) };
            case "cifar100" or "cifar-100":
                if (dir is null)
                    throw new BlockSwapException("cifar100 needs its data folder: the one holding train.bin and test.bin (the CIFAR-100 binary version)");
                return Cifar100Reader.Load(dir) with { Folder = Path.GetFullPath(dir) };
            case "folder" or "imagefolder" or "image-folder":
            {
                if (dir is null)
                    throw new BlockSwapException("an image folder needs --data DIR: DIR/train/<class>/ and DIR/val/<class>/, or DIR/<class>/");
                var (c, s) = syntheticShape ?? (3, 32);
                return ImageFolder.Load(dir, (folder ?? new ImageFolderOptions()) with { Channels = c, Size = s, Seed = seed });
            }
            case "synthetic":
                var (sc, ss) = syntheticShape ?? (3, 32);
                return SyntheticData.Create(10, sc, ss, syntheticTrain, syntheticTest, seed);
            default:
                throw new BlockSwapException($"unknown dataset '{name}'; use {string.Join(", ", Names)}");
        }
    }
}
