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

    public static DataSplits Load(string dir)
    {
        var root = FindRoot(dir);
        var (trainX, trainY) = Read(TrainFiles.Select(f => Path.Combine(root, f)).ToArray());
        var (testX, testY) = Read([Path.Combine(root, TestFile)]);
        return new DataSplits(
            new Dataset("cifar10", trainX, trainY, 10, Normalisation.Cifar10),
            new Dataset("cifar10", testX, testY, 10, Normalisation.Cifar10));
    }

    /// <summary>Accepts the folder holding the .bin files or its parent (the archive's <c>cifar-10-batches-bin</c>).</summary>
    private static string FindRoot(string dir)
    {
        if (!Directory.Exists(dir))
            throw new BlockSwapException($"CIFAR-10 folder {dir} does not exist; give the folder holding data_batch_1..5.bin and test_batch.bin");
        var nested = Path.Combine(dir, "cifar-10-batches-bin");
        return !File.Exists(Path.Combine(dir, TestFile)) && Directory.Exists(nested) ? nested : dir;
    }

    public static (Tensor Images, Tensor Labels) Read(string[] files)
    {
        var images = new List<byte[]>();
        var labels = new List<long>();
        foreach (var path in files)
        {
            if (!File.Exists(path))
                throw new BlockSwapException($"{path} is missing; the CIFAR-10 binary version has data_batch_1..5.bin and test_batch.bin");
            var b = File.ReadAllBytes(path);
            if (b.Length == 0 || b.Length % RecordSize != 0)
                throw new BlockSwapException($"{path}: {b.Length} bytes is not a whole number of {RecordSize}-byte records (truncated or not the binary version)");
            for (int off = 0; off < b.Length; off += RecordSize)
            {
                if (b[off] > 9)
                    throw new BlockSwapException($"{path}: label {b[off]} at record {off / RecordSize} is out of range (0..9)");
                labels.Add(b[off]);
                images.Add(b.AsSpan(off + 1, 3072).ToArray());
            }
        }
        var all = new byte[images.Count * 3072];
        for (int i = 0; i < images.Count; i++) images[i].CopyTo(all, i * 3072);
        return (tensor(all, new long[] { images.Count, 3, 32, 32 }, ScalarType.Byte), tensor(labels.ToArray()));
    }
}
