using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>How to read an image folder: the network's channels and side, the split of a single tree, bad files, progress.</summary>
/// <param name="Rehash">Decode every image again instead of trusting the cache (which trusts a file whose size and modification time are unchanged, as make and rsync do).</param>
public sealed record ImageFolderOptions(int Channels = 3, int Size = 32, double ValFraction = 0.2, bool SkipBadImages = false, long Seed = 1,
    string? CacheRoot = null, Action<string, int, int>? Progress = null, Action<string>? Log = null, bool Rehash = false)
{
    public void Validate()
    {
        if (Channels is not (1 or 3)) throw new BlockSwapException($"{Channels} input channels is invalid for images: use 1 (gray) or 3 (RGB)");
        if (Size < 8) throw new BlockSwapException($"input size {Size} is too small: use at least 8 pixels");
        if (!(ValFraction > 0 && ValFraction < 1)) throw new BlockSwapException($"validation fraction {ValFraction} is invalid: use a fraction such as 0.2");
    }
}

/// <summary>
/// Labelled images in class folders, as torchvision's <c>ImageFolder</c> reads them: <c>DIR/train/&lt;class&gt;/…</c>
/// with <c>DIR/val/&lt;class&gt;/…</c> or <c>DIR/test/&lt;class&gt;/…</c> (test is evaluated when both exist), or one
/// <c>DIR/&lt;class&gt;/…</c> tree split by a seeded, stratified fraction. Class names are the training folder's
/// subfolders sorted by code point (as Python's <c>sorted</c>), so label indices agree with a PyTorch pipeline on
/// the same folder; files are found recursively. Normalisation statistics come from the training split.
/// </summary>
public static class ImageFolder
{
    public static DataSplits Load(string dir, ImageFolderOptions o)
    {
        o.Validate();
        if (!Directory.Exists(dir)) throw new BlockSwapException($"image folder {dir} does not exist; give DIR with train/<class>/ and val/<class>/, or DIR/<class>/");
        string name = $"folder {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)))}";
        var trainDir = Path.Combine(dir, "train");
        Dataset train, test;
        int skipped;
        if (Directory.Exists(trainDir))
        {
            var classes = Classes(trainDir);
            var evalDir = new[] { "test", "val" }.Select(s => Path.Combine(dir, s)).FirstOrDefault(Directory.Exists)
                ?? throw new BlockSwapException($"{dir} has train/ but no val/ or test/ to evaluate on; add one, or use a single {dir}/<class>/ tree split by --val-fraction");
            foreach (var c in ClassFolders(evalDir))
                if (!classes.Contains(c))
                    throw new BlockSwapException($"{Path.Combine(evalDir, c)} is a class that {trainDir} does not have; add it to train/ or remove it");
            var a = Decode(trainDir, classes, o, "train");
            var b = Decode(evalDir, classes, o, Path.GetFileName(evalDir));
            CheckNoClassEmptied(trainDir, classes, a);
            skipped = a.Bad.Count + b.Bad.Count;
            using var unnormalised = new Dataset(name, a.Images, a.Labels, classes.Count, Normalisation.Unit) { ClassNames = classes };
            var norm = Normalisation.Of(unnormalised);
            train = unnormalised.WithNormalisation(norm);
            test = new Dataset(name, b.Images, b.Labels, classes.Count, norm) { ClassNames = classes };
        }
        else
        {
            var classes = Classes(dir);
            var all = Decode(dir, classes, o, "images");
            CheckNoClassEmptied(dir, classes, all);
            skipped = all.Bad.Count;
            var (trainIdx, valIdx) = Stratified(all.LabelArray, o.ValFraction, o.Seed);
            // Splits are lists of rows over the one decoded file: nothing is copied, whatever the folder's size.
            using var whole = new Dataset(name, all.Images, all.Labels, classes.Count, Normalisation.Unit) { ClassNames = classes };
            using var trainPart = whole.Select(trainIdx, name);
            var norm = Normalisation.Of(trainPart);
            train = trainPart.WithNormalisation(norm);
            using var testPart = whole.Select(valIdx, name);
            test = testPart.WithNormalisation(norm);
        }
        return new DataSplits(train, test) { Folder = Path.GetFullPath(dir), SkippedImages = skipped };
    }

    /// <summary>
    /// The channels and side the images of a folder have, read from the headers of up to <paramref name="sample"/> files
    /// spread over the classes (no decoding): gray when most are stored gray, the side most of them have (the shorter
    /// side, which the resize keeps). A folder whose images differ gets the majority and a note.
    /// </summary>
    public static FolderShape Inspect(string dir, int sample = 200)
    {
        var root = Directory.Exists(Path.Combine(dir, "train")) ? Path.Combine(dir, "train") : dir;
        if (!Directory.Exists(root)) throw new BlockSwapException($"image folder {dir} does not exist; give DIR with train/<class>/ and val/<class>/, or DIR/<class>/");
        var perClass = ClassFolders(root).Select(c => Files(Path.Combine(root, c)).Take(sample).ToArray()).Where(f => f.Length > 0).ToArray();
        var files = Enumerable.Range(0, sample).SelectMany(i => perClass.Where(f => i < f.Length).Select(f => f[i])).Take(sample).ToArray();
        var headers = new List<(int Side, bool Gray)>();
        foreach (var f in files)
        {
            try
            {
                var (w, h, gray) = ImageDecoder.Header(f);
                if (w > 0 && h > 0) headers.Add((Math.Min(w, h), gray));
            }
            catch (Exception e) when (e is BadImageException or IOException or UnauthorizedAccessException) { }
        }
        if (headers.Count == 0) return new FolderShape(3, 32, 0, new Dictionary<int, int>(), 0);
        var sides = headers.GroupBy(x => x.Side).ToDictionary(g => g.Key, g => g.Count());
        int side = sides.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
        int grayCount = headers.Count(x => x.Gray);
        return new FolderShape(grayCount * 2 > headers.Count ? 1 : 3, Math.Max(side, 8), headers.Count, sides, grayCount);
    }

    /// <summary>A class left without any readable image by --skip-bad-images would train as if it did not exist: refused.</summary>
    private static void CheckNoClassEmptied(string dir, List<string> classes, Decoded decoded)
    {
        if (decoded.Bad.Count == 0) return;
        var counts = new int[classes.Count];
        foreach (var l in decoded.LabelArray) counts[l]++;
        for (int c = 0; c < classes.Count; c++)
            if (counts[c] == 0)
                throw new BlockSwapException($"class folder {Path.Combine(dir, classes[c])} has no readable image left after --skip-bad-images; repair or replace its images, or remove the folder");
    }

    /// <summary>Class folders (sorted by code point); at least two, each holding at least one image.</summary>
    private static List<string> Classes(string dir)
    {
        var classes = ClassFolders(dir);
        if (classes.Count < 2)
            throw new BlockSwapException($"{dir} has {Plural.Of(classes.Count, "class folder")}; an image folder needs at least two (one subfolder per class)");
        foreach (var c in classes)
            if (!Files(Path.Combine(dir, c)).Any())
                throw new BlockSwapException($"class folder {Path.Combine(dir, c)} has no images ({string.Join(", ", ImageDecoder.Extensions)}); add images or remove the folder");
        return classes;
    }

    private static List<string> ClassFolders(string dir) =>
        Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The images under a class folder, subfolders included. Links are followed, but no directory is read twice and
    /// no other class's folder is entered (directories compared by resolved path, shared through
    /// <paramref name="claimed"/>): a link loop once turned 8 images into 328 and labelled one class's images as another's.
    /// </summary>
    private static IEnumerable<string> Files(string classDir, HashSet<string>? claimed = null)
    {
        claimed ??= new HashSet<string>(StringComparer.Ordinal) { Resolved(classDir) };
        var pending = new Stack<string>();
        pending.Push(classDir);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir).Where(ImageDecoder.IsImage).Order(StringComparer.Ordinal)) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir).OrderByDescending(d => d, StringComparer.Ordinal))
                if (claimed.Add(Resolved(sub))) pending.Push(sub);
        }
    }

    /// <summary>The resolved paths of a split's class folders: each class's walk leaves the others alone.</summary>
    private static HashSet<string> ClassRoots(string dir) => ClassFolders(dir).Select(c => Resolved(Path.Combine(dir, c))).ToHashSet(StringComparer.Ordinal);

    /// <summary>A directory's path with every link in it resolved (a link cycle resolves to the link itself).</summary>
    private static string Resolved(string dir)
    {
        var info = new DirectoryInfo(Path.GetFullPath(dir));
        var parent = info.Parent is null ? null : Resolved(info.Parent.FullName);
        var here = parent is null ? info.FullName : Path.Combine(parent, info.Name);
        try
        {
            return new DirectoryInfo(here).ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetFullPath(target.FullName) : here;
        }
        catch (IOException)
        {
            return here;
        }
    }

    private sealed record Decoded(Tensor Images, Tensor Labels, long[] LabelArray, IReadOnlyList<string> Bad);

    private static Decoded Decode(string dir, IReadOnlyList<string> classes, ImageFolderOptions o, string split)
    {
        var sources = new List<SourceImage>();
        var unnamed = new List<string>();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var claimed = ClassRoots(dir);
        foreach (var c in ClassFolders(dir))
            foreach (var file in Files(Path.Combine(dir, c), claimed).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal))
            {
                // .NET decodes a name that is not UTF-8 with U+FFFD, and that string no longer opens the file.
                if (file.Contains('\uFFFD'))
                {
                    if (o.SkipBadImages) { unnamed.Add(file); continue; }
                    throw new BlockSwapException($"{Path.Combine(dir, file)}: the file name is not valid UTF-8 (shown with '\uFFFD'), so it cannot be opened; " +
                        "rename it to UTF-8 (convmv -f latin1 -t utf8 -r --notest DIR), or pass --skip-bad-images to leave such files out");
                }
                var info = new FileInfo(Path.Combine(dir, file));
                sources.Add(new SourceImage(file, info.Length, info.LastWriteTimeUtc.Ticks, index[c]));
            }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var decoded = DecodedImages.Load(dir, sources, o.Channels, o.Size, o.SkipBadImages, o.CacheRoot,
            o.Progress is null ? null : (done, total) => o.Progress(split, done, total), rehash: o.Rehash);
        double seconds = watch.Elapsed.TotalSeconds, rate = sources.Count / Math.Max(seconds, 1e-9);
        o.Log?.Invoke(decoded.FromCache
            ? $"{split}: {decoded.Images.Count:N0} images read from the decoded cache in {seconds:F2} s ({rate:N0} images/s)"
            : $"{split}: {sources.Count:N0} images decoded to {o.Channels}×{o.Size}×{o.Size} in {seconds:F1} s ({rate:N0} images/s on {Plural.Of(Environment.ProcessorCount, "core")}); " +
              (decoded.Cached ? "cached for later runs" : "not cached (the cache folder could not be written)") +
              (decoded.Bad.Count + unnamed.Count > 0 ? $"; skipped {Plural.Of(decoded.Bad.Count + unnamed.Count, "unreadable image")} (first: {Path.Combine(dir, unnamed.Concat(decoded.Bad).First())})" : ""));
        if (decoded.Images.Count == 0) throw new BlockSwapException($"{dir}: no image could be read; check the files");
        var labels = decoded.Images.Select(s => (long)s.Label).ToArray();
        return new Decoded(decoded.Map(o.Channels, o.Size), tensor(labels), labels, [.. unnamed, .. decoded.Bad]);
    }

    /// <summary>Per class, a seeded shuffle and round(fraction·n) images (at least one, never all) to validation.</summary>
    private static (long[] Train, long[] Val) Stratified(long[] labels, double fraction, long seed)
    {
        var rng = BlockSwap.Foundation.Runtime.Seeds.Rng(seed, "val-split");
        var train = new List<long>();
        var val = new List<long>();
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.Select(i => (long)i).ToArray();
            rng.Shuffle(members);
            int k = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(fraction * members.Length), 1, members.Length - 1);
            val.AddRange(members[..k]);
            train.AddRange(members[k..]);
        }
        if (val.Count == 0) throw new BlockSwapException("every class has a single image, so none can be held out for validation; add images or use train/ and val/ folders");
        return (train.Order().ToArray(), val.Order().ToArray());
    }
}

/// <summary>What <see cref="ImageFolder.Inspect"/> saw: the majority channels and side over the sampled headers.</summary>
public sealed record FolderShape(int Channels, int Size, int Sampled, IReadOnlyDictionary<int, int> Sides, int Gray)
{
    /// <summary>One line for the log: what was detected, and how far the images agree.</summary>
    public string Describe(bool channelsDetected, bool sizeDetected)
    {
        if (Sampled == 0) return "no image header could be read; decoding to 3×32×32 (give --in-channels and --input-size)";
        var parts = new List<string>();
        if (channelsDetected)
            parts.Add(Channels == 1 ? $"gray ({Gray} of {Sampled} sampled images stored gray)" : $"colour ({Sampled - Gray} of {Sampled} sampled images stored in colour)");
        if (sizeDetected)
            parts.Add(Sides.Count == 1
                ? $"{Size}×{Size} (all {Sampled} sampled images)"
                : $"{Size}×{Size}, the most common shorter side (sides vary: {string.Join(", ", Sides.OrderByDescending(kv => kv.Value).Take(4).Select(kv => $"{kv.Key} px ×{kv.Value}"))}; images are resized and centre-cropped)");
        return $"images read as {string.Join(", ", parts)}; --in-channels and --input-size override";
    }
}
