using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>
/// CIFAR-10 binary version: records of 1 label byte + 3072 pixel bytes (red plane, green, blue; 32×32 row-major)
/// in data_batch_1..5.bin and test_batch.bin.
/// </summary>
public static class Cifar10Reader
{
    public const int RecordSize = 1 + 3072;
    public static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    public const string TestFile = "test_batch.bin";

    public static readonly string[] ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static DataSplits Load(string dir)
    {
        var root = FindRoot(dir, "cifar-10-batches-bin", TestFile, "CIFAR-10", "data_batch_1..5.bin and test_batch.bin");
        var (trainX, trainY) = Read(TrainFiles.Select(f => Path.Combine(root, f)).ToArray());
        var (testX, testY) = Read([Path.Combine(root, TestFile)]);
        return new DataSplits(
            new Dataset("cifar10", trainX, trainY, 10, Normalisation.Cifar10) { ClassNames = ClassNames },
            new Dataset("cifar10", testX, testY, 10, Normalisation.Cifar10) { ClassNames = ClassNames });
    }

    /// <summary>Accepts the folder holding the .bin files or its parent (the archive's top folder).</summary>
    internal static string FindRoot(string dir, string nestedName, string marker, string what, string files)
    {
        if (!Directory.Exists(dir))
            throw new BlockSwapException($"{what} folder {dir} does not exist; give the folder holding {files}");
        var nested = Path.Combine(dir, nestedName);
        return !File.Exists(Path.Combine(dir, marker)) && Directory.Exists(nested) ? nested : dir;
    }

    public static (Tensor Images, Tensor Labels) Read(string[] files) => Read(files, labelBytes: 1, labelAt: 0, classes: 10, "CIFAR-10", "data_batch_1..5.bin and test_batch.bin");

    /// <summary>Records of <paramref name="labelBytes"/> label bytes (the label used at <paramref name="labelAt"/>) and 3072 pixel bytes.</summary>
    internal static (Tensor Images, Tensor Labels) Read(string[] files, int labelBytes, int labelAt, int classes, string what, string expected)
    {
        int recordSize = labelBytes + 3072;
        var images = new List<byte[]>();
        var labels = new List<long>();
        foreach (var path in files)
        {
            if (!File.Exists(path))
                throw new BlockSwapException($"{path} is missing; the {what} binary version has {expected}");
            var b = File.ReadAllBytes(path);
            if (b.Length == 0 || b.Length % recordSize != 0)
                throw new BlockSwapException($"{path}: {b.Length} bytes is not a whole number of {recordSize}-byte records (truncated or not the binary version)");
            for (int off = 0; off < b.Length; off += recordSize)
            {
                if (b[off + labelAt] >= classes)
                    throw new BlockSwapException($"{path}: label {b[off + labelAt]} at record {off / recordSize} is out of range (0..{classes - 1})");
                labels.Add(b[off + labelAt]);
                images.Add(b.AsSpan(off + labelBytes, 3072).ToArray());
            }
        }
        var all = new byte[images.Count * 3072];
        for (int i = 0; i < images.Count; i++) images[i].CopyTo(all, i * 3072);
        return (tensor(all, new long[] { images.Count, 3, 32, 32 }, ScalarType.Byte), tensor(labels.ToArray()));
    }
}
