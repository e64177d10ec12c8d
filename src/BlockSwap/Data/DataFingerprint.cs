using System.IO.Hashing;
using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>
/// The identity of the data a result was made from: the data set's name, the resolved folder it was read from, the
/// image counts of both splits and an XxHash128 of their decoded images and labels as the result used them (after
/// every split setting: validation fraction, held-out images, skipped files). A folder's name alone is no identity:
/// two folders of the same name, or one folder whose files changed, give another digest.
/// </summary>
public sealed record DataFingerprint(string Name, string? Folder, int TrainImages, int TestImages, string Digest)
{
    // Hashed in slices: Tensor.bytes is a Span, whose length is an int.
    private const long SliceBytes = 256L << 20;

    /// <summary>XxHash128 of both splits' images and labels, as 16 hex digits.</summary>
    public static string DigestOf(DataSplits data)
    {
        var hash = new XxHash128();
        foreach (var split in new[] { data.Train, data.Test })
        {
            long rowBytes = (long)split.Channels * split.Size * split.Size, step = Math.Max(1, SliceBytes / rowBytes);
            for (long start = 0; start < split.Count; start += step)
            {
                using var slice = split.Range(start, Math.Min(step, split.Count - start)).contiguous();
                hash.Append(slice.bytes);
            }
            using var labels = split.Labels.contiguous();
            hash.Append(labels.bytes);
        }
        return Convert.ToHexString(hash.GetCurrentHash())[..16].ToLowerInvariant();
    }

    public override string ToString() => $"{Folder ?? Name} ({TrainImages:N0} training / {TestImages:N0} test images, digest {Digest})";

    /// <summary>
    /// The same images and labels: the content digest and counts, not the spelling of the folder (a trailing slash or a
    /// symbolic link once made a resume refuse while printing two identical digests).
    /// </summary>
    public bool SameData(DataFingerprint other) => Digest == other.Digest && TrainImages == other.TrainImages && TestImages == other.TestImages;

    /// <summary>Null when both describe the same data or either is unknown (a result written before fingerprints); otherwise the change in words.</summary>
    public static string? Change(DataFingerprint? before, DataFingerprint? now) =>
        before is null || now is null || before.SameData(now) ? null : $"data: {before} → {now}";

    /// <summary>A folder as one path whatever its spelling: absolute, links resolved, no trailing separator.</summary>
    public static string Canonical(string dir)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        try
        {
            var info = new DirectoryInfo(full);
            var parent = info.Parent is null ? null : Canonical(info.Parent.FullName);
            var here = parent is null ? info.FullName : Path.Combine(parent, info.Name);
            return new DirectoryInfo(here).ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName)) : here;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
