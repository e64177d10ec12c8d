namespace BlockSwap.Data.Sources;

/// <summary>CIFAR-100's binary version: train.bin and test.bin, 100 fine labels.</summary>
public sealed class Cifar100Source : DataSource
{
    public override string Id => "cifar100";
    public override IReadOnlyList<string> Aliases => ["cifar-100"];
    public override string Summary => "CIFAR-100 binary files (--data DIR with train.bin and test.bin; 100 fine labels)";

    public override DataSplits Load(DataRequest r) => r.Folder is { } dir
        ? Cifar100Reader.Load(dir) with { Folder = Path.GetFullPath(dir) }
        : throw new BlockSwapException("cifar100 needs its data folder: the one holding train.bin and test.bin (the CIFAR-100 binary version)");

    public override bool Recognises(string dir) => HasAny(dir, "train.bin") && HasAny(dir, "test.bin");
}
