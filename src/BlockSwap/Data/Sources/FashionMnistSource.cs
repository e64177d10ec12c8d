namespace BlockSwap.Data.Sources;

/// <summary>Fashion-MNIST's IDX files: Debian's dataset-fashion-mnist by default, else the bundled 10k test split.</summary>
public sealed class FashionMnistSource : DataSource
{
    public override string Id => "fashion-mnist";
    public override IReadOnlyList<string> Aliases => ["fashionmnist", "fmnist"];
    public override string Summary => $"Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory}; the bundled 10k split without it)";
    public override bool NeedsFolder => false;

    public override DataSplits Load(DataRequest r)
    {
        if (r.Folder is { } dir) return FashionMnist.Load(dir) with { Folder = Path.GetFullPath(dir) };
        if (Directory.Exists(FashionMnist.DefaultDirectory)) return FashionMnist.Load(FashionMnist.DefaultDirectory);
        var bundled = DataSets.BundledFashionMnist()
            ?? throw new BlockSwapException($"Fashion-MNIST not found in {FashionMnist.DefaultDirectory} and no bundled copy; install the Debian package dataset-fashion-mnist or give the folder holding the IDX files");
        return FashionMnist.LoadBundledSplit(bundled);
    }

    public override bool Recognises(string dir) => HasAny(dir, "train-images-idx3-ubyte", "t10k-images-idx3-ubyte");
}
