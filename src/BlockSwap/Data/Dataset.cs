using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>
/// Images as N×C×H×W bytes on the CPU with int64 labels. Batches are cut from it and augmented on the target device,
/// so the whole set is decoded once. The bytes may be a memory-mapped file (an image folder's decoded cache), of any
/// size: a split of it (<see cref="Select"/>) keeps a list of rows instead of copying, and every reader takes rows in
/// batches, so memory stays bounded by a few batches however large the set.
/// </summary>
public sealed class Dataset : IDisposable
{
    private readonly Tensor pixels;
    private readonly long[]? rows;

    public Dataset(string name, Tensor images, Tensor labels, int classes, Normalisation normalisation, bool synthetic = false)
        : this(name, images, null, labels, classes, normalisation, synthetic) { }

    private Dataset(string name, Tensor pixels, long[]? rows, Tensor labels, int classes, Normalisation normalisation, bool synthetic)
    {
        if (pixels.dtype != ScalarType.Byte || pixels.dim() != 4)
            throw new ArgumentException("images must be an N×C×H×W byte tensor");
        long count = rows?.LongLength ?? pixels.shape[0];
        if (labels.dim() != 1 || labels.shape[0] != count)
            throw new BlockSwapException($"{name}: {count:N0} images but {labels.shape[0]:N0} labels; images and labels must pair up one to one");
        Name = name;
        this.pixels = pixels;
        this.rows = rows;
        Labels = labels;
        Classes = classes;
        Normalisation = normalisation;
        IsSynthetic = synthetic;
    }

    public string Name { get; }
    public Tensor Labels { get; }
    public int Classes { get; }
    public Normalisation Normalisation { get; }
    /// <summary>True for generated data; every report says so.</summary>
    public bool IsSynthetic { get; }
    /// <summary>Class names in label order (for image folders, sorted as torchvision's ImageFolder sorts them).</summary>
    public IReadOnlyList<string> ClassNames { get; init => field = value.Count is 0 || value.Count == Classes ? value : throw new ArgumentException($"{value.Count} class names for {Classes} classes"); }
        = [];

    /// <summary>The name of a label, or the label itself when the data set has no names.</summary>
    public string ClassName(int label) => ClassNames.Count == Classes ? ClassNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int Count => (int)Labels.shape[0];
    public int Channels => (int)pixels.shape[1];
    public int Size => (int)pixels.shape[2];

    /// <summary>
    /// Every image as one tensor: the stored bytes themselves, or for a <see cref="Select"/>ed set a copy of its rows
    /// (the whole set in memory). Readers of large sets use <see cref="Gather"/> and <see cref="Range"/>.
    /// </summary>
    public Tensor Images => rows is null ? pixels : Gather(rows.Select((_, i) => (long)i).ToArray());

    /// <summary>The images at <paramref name="indices"/> (positions in this set), copied.</summary>
    public Tensor Gather(long[] indices)
    {
        using var idx = tensor(rows is null ? indices : indices.Select(i => rows[i]).ToArray());
        return pixels.index_select(0, idx);
    }

    /// <summary>Images <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> (a view of stored bytes, or a copy of a selection's rows).</summary>
    public Tensor Range(long start, long count)
    {
        if (rows is null) return pixels.narrow(0, start, count);
        using var idx = tensor(rows[(int)start..(int)(start + count)]);
        return pixels.index_select(0, idx);
    }

    /// <summary>The examples at <paramref name="indices"/>, under another name: labels copied, images shared (no copy).</summary>
    public Dataset Select(long[] indices, string name)
    {
        using var idx = tensor(indices);
        return new Dataset(name, pixels.alias(), rows is null ? indices.ToArray() : indices.Select(i => rows[i]).ToArray(),
            Labels.index_select(0, idx), Classes, Normalisation, IsSynthetic) { ClassNames = ClassNames };
    }

    /// <summary>The same examples with another normalisation (images shared).</summary>
    public Dataset WithNormalisation(Normalisation normalisation) =>
        new(Name, pixels.alias(), rows, Labels.alias(), Classes, normalisation, IsSynthetic) { ClassNames = ClassNames };

    /// <summary>The first <paramref name="count"/> examples (no copy).</summary>
    public Dataset Take(int count) => count >= Count ? this
        : rows is null
            ? new Dataset(Name, pixels.narrow(0, 0, count), Labels.narrow(0, 0, count), Classes, Normalisation, IsSynthetic) { ClassNames = ClassNames }
            : new Dataset(Name, pixels.alias(), rows[..count], Labels.narrow(0, 0, count), Classes, Normalisation, IsSynthetic) { ClassNames = ClassNames };

    public void Dispose()
    {
        pixels.Dispose();
        Labels.Dispose();
    }
}

/// <summary>Per-channel mean and standard deviation in [0, 1] pixel units.</summary>
public sealed record Normalisation(double[] Mean, double[] Std)
{
    public static readonly Normalisation Cifar10 = new([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010]);
    public static readonly Normalisation FashionMnist = new([0.2860], [0.3530]);
    public static readonly Normalisation Synthetic = new([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]);
    /// <summary>Pixels in [0, 1] as they are: a set whose statistics are still to be computed.</summary>
    public static readonly Normalisation Unit = new([0.0], [1.0]);
    public static readonly Normalisation Cifar100 = new([0.5071, 0.4865, 0.4409], [0.2673, 0.2564, 0.2762]);

    /// <summary>Per-channel mean and standard deviation of a set's images, in [0, 1] units (a data set's own statistics).</summary>
    public static Normalisation Of(Dataset data)
    {
        long n = data.Count, c = data.Channels;
        var sum = new double[c];
        var squares = new double[c];
        // In chunks: a whole set in float64 would take eight times its bytes.
        for (long start = 0; start < n; start += 1024)
        {
            using var scope = NewDisposeScope();
            var x = data.Range(start, Math.Min(1024, n - start)).to(ScalarType.Float64);
            var s = x.sum([0L, 2L, 3L]).data<double>().ToArray();
            var q = (x * x).sum([0L, 2L, 3L]).data<double>().ToArray();
            for (int i = 0; i < c; i++) { sum[i] += s[i]; squares[i] += q[i]; }
        }
        double count = (double)n * data.Size * data.Size;
        var mean = sum.Select(v => v / count / 255).ToArray();
        var std = squares.Select((q, i) => Math.Sqrt(Math.Max(0, q / count / (255.0 * 255) - mean[i] * mean[i]))).ToArray();
        return new(mean, std);
    }

    public Normalisation ForChannels(int c) => Mean.Length == c ? this : new(Enumerable.Repeat(Mean[0], c).ToArray(), Enumerable.Repeat(Std[0], c).ToArray());
}

/// <summary>A training and a test split of one data set.</summary>
public sealed record DataSplits(Dataset Train, Dataset Test) : IDisposable
{
    /// <summary>The folder the files came from (null for generated data and the default locations).</summary>
    public string? Folder { get; init; }

    /// <summary>Unreadable images left out (image folders with --skip-bad-images).</summary>
    public int SkippedImages { get; init; }

    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    /// <summary>The identity of exactly these images and labels (computed once).</summary>
    public DataFingerprint Fingerprint => new(Name, Folder, Train.Count, Test.Count, digest ??= DataFingerprint.DigestOf(this));
    // Only the digest is cached: it depends on the tensors alone, which a 'with' copy shares.
    private string? digest;

    /// <summary>The <see cref="DataSources"/> id that loads this data set again (recorded in checkpoints and results).</summary>
    public string Source { get; init; } = "";

    public string Name => Train.Name;
    public int Classes => Train.Classes;
    public int Channels => Train.Channels;
    public int Size => Train.Size;
    public bool IsSynthetic => Train.IsSynthetic;
    public InputShape Shape => new(Channels, Size, Classes);

    /// <summary>
    /// A validation split held out from the training split: <paramref name="validation"/> images drawn at random
    /// (seeded), and of the rest at most <paramref name="trainImages"/> (seeded) for training. The test split is untouched.
    /// </summary>
    public (Dataset Train, Dataset Validation) HoldOut(int validation, int? trainImages, long seed)
    {
        if (validation < 1 || validation >= Train.Count)
            throw new BlockSwapException($"a validation split of {validation} images does not fit {Train.Count} training images; hold out between 1 and {Train.Count - 1}");
        var order = Enumerable.Range(0, Train.Count).Select(i => (long)i).ToArray();
        BlockSwap.Foundation.Runtime.Seeds.Rng(seed, "hold-out").Shuffle(order);
        var rest = order[validation..];
        if (trainImages is { } n && n < rest.Length) rest = rest[..n];
        return (Train.Select(rest, Name), Train.Select(order[..validation], Name));
    }

    /// <summary>
    /// The same splits with at most <paramref name="count"/> training images, drawn at random (seeded) and kept in
    /// their order; the test split is untouched. This instance keeps its images (the subset shares them).
    /// </summary>
    public DataSplits WithTrainingImages(int count, long seed)
    {
        if (count < 1) throw new BlockSwapException($"--train-images {count} is invalid: train on at least 1 image");
        var order = Enumerable.Range(0, Train.Count).Select(i => (long)i).ToArray();
        BlockSwap.Foundation.Runtime.Seeds.Rng(seed, "train-subset").Shuffle(order);
        var kept = order[..Math.Min(count, order.Length)].Order().ToArray();
        return new DataSplits(Train.Select(kept, Name), Test.WithNormalisation(Test.Normalisation)) { Folder = Folder, SkippedImages = SkippedImages };
    }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
