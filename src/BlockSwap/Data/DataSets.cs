namespace BlockSwap.Data;

/// <summary>Loading by name, the bundled Fashion-MNIST split, and what a report must say about it.</summary>
public static class DataSets
{
    /// <summary>What a user must know when a data set is a stand-in for the full one (null when it is not).</summary>
    public static string? FallbackNotice(string datasetName) => datasetName.Contains("bundled", StringComparison.Ordinal)
        ? $"The full Fashion-MNIST is not installed ({FashionMnist.DefaultDirectory}), so this ran on the bundled 10k test split " +
          "(8k train / 2k test): errors are far higher than with the full 60k set. Install it with: sudo apt-get install dataset-fashion-mnist"
        : null;

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

    /// <summary>Loads a data source by name (<see cref="DataSources"/>); <paramref name="shape"/> is the channels and side the user named, if any.</summary>
    public static DataSplits Load(string name, string? dir, long seed = 0, ImageRequest? shape = null, int syntheticTrain = 512, int syntheticTest = 256,
        ImageFolderOptions? folder = null) =>
        DataSources.Load(name, new DataRequest
        {
            Folder = dir, Seed = seed, Channels = shape?.Channels, Size = shape?.Size, DefaultSize = shape?.DefaultSize ?? 32, Images = folder ?? new ImageFolderOptions(),
            SyntheticTrain = syntheticTrain, SyntheticTest = syntheticTest,
        });
}
