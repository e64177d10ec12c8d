using System.IO.Compression;
using BlockSwap.Data;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Data;

public class DataTests
{
    private static string Temp() => Scratch.Folder("bs-data-");

    private static byte[] Idx(int magic, int[] dims, byte[] payload)
    {
        var ms = new MemoryStream();
        void Be(int v) { ms.WriteByte((byte)(v >> 24)); ms.WriteByte((byte)(v >> 16)); ms.WriteByte((byte)(v >> 8)); ms.WriteByte((byte)v); }
        Be(magic);
        foreach (var d in dims) Be(d);
        ms.Write(payload);
        return ms.ToArray();
    }

    [Fact]
    public void IdxImagesAndLabels_ReadRawAndGzip()
    {
        var dir = Temp();
        var pixels = Enumerable.Range(0, 2 * 3 * 3).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "img"), Idx(0x803, [2, 3, 3], pixels));
        using (var gz = new GZipStream(File.Create(Path.Combine(dir, "lab.gz")), CompressionLevel.Fastest))
            gz.Write(Idx(0x801, [2], [7, 3]));
        using var images = IdxReader.ReadImages(Path.Combine(dir, "img"));
        Assert.Equal(new long[] { 2, 1, 3, 3 }, images.shape);
        Assert.Equal(17, images[1, 0, 2, 2].item<byte>());
        using var labels = IdxReader.ReadLabels(Path.Combine(dir, "lab.gz"), 10);
        Assert.Equal(new long[] { 7, 3 }, labels.data<long>().ToArray());
    }

    [Fact]
    public void BadIdxFiles_GiveClearErrors()
    {
        var dir = Temp();
        var wrongMagic = Path.Combine(dir, "a");
        File.WriteAllBytes(wrongMagic, Idx(0x801, [2, 3, 3], new byte[18]));
        Assert.Contains("magic", Assert.Throws<BlockSwapException>(() => IdxReader.ReadImages(wrongMagic)).Message);
        var truncated = Path.Combine(dir, "b");
        File.WriteAllBytes(truncated, Idx(0x803, [2, 3, 3], new byte[10]));
        Assert.Contains("truncated", Assert.Throws<BlockSwapException>(() => IdxReader.ReadImages(truncated)).Message);
        var badLabel = Path.Combine(dir, "c");
        File.WriteAllBytes(badLabel, Idx(0x801, [2], [1, 12]));
        Assert.Contains("out of range", Assert.Throws<BlockSwapException>(() => IdxReader.ReadLabels(badLabel, 10)).Message);
        Assert.Contains("does not exist", Assert.Throws<BlockSwapException>(() => FashionMnist.Load(Path.Combine(dir, "nope"))).Message);
    }

    [Theory]
    [InlineData(3, 2)]   // more images than labels: once a crash
    [InlineData(2, 3)]   // more labels than images: once trained on misaligned labels
    public void IdxImagesAndLabelsOfDifferentCounts_AreRefused(int images, int labels)
    {
        var dir = Temp();
        foreach (var split in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(dir, $"{split}-images-idx3-ubyte"), Idx(0x803, [images, 2, 2], new byte[images * 4]));
            File.WriteAllBytes(Path.Combine(dir, $"{split}-labels-idx1-ubyte"), Idx(0x801, [labels], new byte[labels]));
        }
        var e = Assert.Throws<BlockSwapException>(() => FashionMnist.Load(dir));
        Assert.Contains($"holds {images:N0} images but", e.Message);
        Assert.Contains($"holds {labels:N0} labels", e.Message);
    }

    [Fact]
    public void Cifar10Files_ReadAndValidate()
    {
        var dir = Temp();
        var record = new byte[3073];
        record[0] = 4;
        record[1] = 200;           // red (0,0)
        record[1 + 1024] = 100;    // green (0,0)
        record[1 + 2048 + 1023] = 50; // blue (31,31)
        foreach (var f in Cifar10Reader.TrainFiles.Append(Cifar10Reader.TestFile))
            File.WriteAllBytes(Path.Combine(dir, f), record.Concat(record).ToArray());
        using var splits = Cifar10Reader.Load(dir);
        Assert.Equal(10, splits.Train.Count);
        Assert.Equal(2, splits.Test.Count);
        Assert.Equal(200, splits.Train.Images[0, 0, 0, 0].item<byte>());
        Assert.Equal(100, splits.Train.Images[0, 1, 0, 0].item<byte>());
        Assert.Equal(50, splits.Train.Images[0, 2, 31, 31].item<byte>());
        Assert.Equal(4, splits.Train.Labels[0].item<long>());

        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), new byte[3000]);
        Assert.Contains("3073-byte records", Assert.Throws<BlockSwapException>(() => Cifar10Reader.Load(dir)).Message);
        record[0] = 11;
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), record);
        Assert.Contains("out of range", Assert.Throws<BlockSwapException>(() => Cifar10Reader.Load(dir)).Message);
        File.Delete(Path.Combine(dir, "data_batch_3.bin"));
        Assert.Contains("data_batch_3.bin is missing", Assert.Throws<BlockSwapException>(() => Cifar10Reader.Load(dir)).Message);
    }

    [Fact]
    public void Cutout_IsClippedAtBorders_AndAppliedAfterNormalisation()
    {
        using var scope = NewDisposeScope();
        var norm = new Normalisation([0.5], [0.25]);
        var aug = new Augmenter(norm, new AugmentOptions(Padding: 0, Flip: false, Cutout: 16));
        var bytes = full(new long[] { 64, 1, 32, 32 }, 255, ScalarType.Byte);
        var x = aug.Train(bytes, new Random(1));
        // Unmasked pixels are (1 − 0.5)/0.25 = 2; the hole is exactly 0 (after normalisation).
        var zeros = (x == 0).sum([1, 2, 3]).data<long>().ToArray();
        Assert.All(x.flatten().data<float>().ToArray(), v => Assert.True(v == 0 || v == 2));
        Assert.All(zeros, z => Assert.InRange(z, 8 * 8, 16 * 16));
        Assert.Contains(zeros, z => z < 16 * 16); // some holes clipped at a border
    }

    [Fact]
    public void CropAndFlip_AreSeeded_AndPadWithRawZero()
    {
        using var scope = NewDisposeScope();
        var aug = new Augmenter(new Normalisation([0.0], [1.0]), new AugmentOptions(Padding: 4, Flip: true, Cutout: 0));
        var bytes = full(new long[] { 32, 1, 8, 8 }, 255, ScalarType.Byte);
        var a = aug.Train(bytes, new Random(5));
        var b = aug.Train(bytes, new Random(5));
        Assert.Equal(0f, (a - b).abs().max().item<float>());
        // Shifted crops bring in padding (raw 0) on some images; unshifted ones keep every pixel.
        var kept = a.sum([1, 2, 3]).data<float>().ToArray();
        Assert.Contains(kept, v => v < 64);
        Assert.All(kept, v => Assert.InRange(v, 16 - 1e-3, 64 + 1e-3));
    }

    [Fact]
    public void BatchLoader_KeepsLastPartialBatch_AndShufflesPerEpoch()
    {
        using var data = SyntheticData.Create(10, 3, 8, 300, 10, 1);
        var loader = new BatchLoader(data.Train, 128, 7, CPU);
        var epoch0 = loader.Epoch(0).ToArray();
        Assert.Equal(new[] { 128, 128, 44 }, epoch0.Select(b => b.Length));
        Assert.Equal(300, epoch0.SelectMany(b => b).Distinct().Count());
        Assert.NotEqual(epoch0[0], loader.Epoch(1).First());
        Assert.Equal(epoch0[0], loader.Epoch(0).First());
        Assert.True(data.Train.IsSynthetic);
    }

    [Fact]
    public void TrainingSubset_IsSeeded_KeepsOrder_SharesImages_AndLeavesTheTestSplit()
    {
        using var data = SyntheticData.Create(10, 1, 8, 100, 30, seed: 4);
        using var a = data.WithTrainingImages(40, seed: 7);
        using var b = data.WithTrainingImages(40, seed: 7);
        using var c = data.WithTrainingImages(40, seed: 8);
        Assert.Equal((40, 30), (a.Train.Count, a.Test.Count));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint.Digest, c.Fingerprint.Digest);
        Assert.Equal(data.Test.Images.data<byte>().ToArray(), a.Test.Images.data<byte>().ToArray());
        // Every kept image is one of the originals, with its label, in the original order.
        var all = data.Train.Images.data<byte>().ToArray();
        var labels = data.Train.Labels.data<long>().ToArray();
        var kept = a.Train.Images.data<byte>().ToArray();
        var keptLabels = a.Train.Labels.data<long>().ToArray();
        int last = -1;
        for (int i = 0; i < 40; i++)
        {
            int at = Enumerable.Range(last + 1, 100 - last - 1).First(j => all.AsSpan(j * 64, 64).SequenceEqual(kept.AsSpan(i * 64, 64)));
            Assert.Equal(labels[at], keptLabels[i]);
            last = at;
        }
        using var whole = data.WithTrainingImages(1000, seed: 7);
        Assert.Equal(data.Fingerprint, whole.Fingerprint);
        Assert.Contains("--train-images 0 is invalid", Assert.Throws<BlockSwapException>(() => data.WithTrainingImages(0, 1)).Message);
    }

    [Theory]
    [InlineData(1, AugmentPolicy.TrivialAugment)]
    [InlineData(3, AugmentPolicy.TrivialAugment)]
    [InlineData(1, AugmentPolicy.RandAugment)]
    public void AutomaticPolicies_AreSeeded_ChangeImages_AndKeepTheShape(int channels, AugmentPolicy policy)
    {
        using var data = SyntheticData.Create(10, channels, 16, 32, 8, seed: 6);
        var bytes = data.Train.Images;
        var plain = new Augmenter(data.Train.Normalisation, AugmentOptions.None);
        var auto = new Augmenter(data.Train.Normalisation, AugmentOptions.None with { Policy = policy });
        var a = auto.Train(bytes, new Random(4)).data<float>().ToArray();
        var b = auto.Train(bytes, new Random(4)).data<float>().ToArray();
        var c = auto.Train(bytes, new Random(5)).data<float>().ToArray();
        var none = plain.Train(bytes, new Random(4)).data<float>().ToArray();
        Assert.Equal(none.Length, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(none, a);
    }
}
