namespace BlockSwap.Data.Sources;

/// <summary>CIFAR-10's binary version: data_batch_1..5.bin and test_batch.bin.</summary>
public sealed class Cifar10Source : DataSource
{
    public override string Id => "cifar10";
    public override IReadOnlyList<string> Aliases => ["cifar-10"];
    public override string Summary => "CIFAR-10 binary files (--data DIR with data_batch_1..5.bin and test_batch.bin)";

    public override DataSplits Load(DataRequest r) => r.Folder is { } dir
        ? Cifar10Reader.Load(dir) with { Folder = Path.GetFullPath(dir) }
        : throw new BlockSwapException("cifar10 needs its data folder: the one holding data_batch_1..5.bin and test_batch.bin (the CIFAR-10 binary version)");

    public override bool Recognises(string dir) => HasAny(dir, "data_batch_1.bin") && HasAny(dir, "test_batch.bin");
}
