using BlockSwap.Data;
using SkiaSharp;

namespace BlockSwap.Tests.Data;

/// <summary>Image folders built in a temporary directory from real PNG and JPEG files.</summary>
public class ImageFolderTests
{
    private static string Temp() => Scratch.Folder("bs-images-");

    /// <summary>Writes a solid-colour image (or one whose left half is <paramref name="color"/> and right half <paramref name="right"/>).</summary>
    private static void Write(string path, int width, int height, SKColor color, SKColor? right = null, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, right is { } r && x >= width / 2 ? r : color);
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static readonly SKColor Orange = new(200, 100, 50);

    private static ImageFolderOptions Options(string cache, int channels = 3, int size = 8) => new(channels, size, CacheRoot: cache);

    [Fact]
    public void ClassOrder_IsCodePointOrder_AndLabelsFollowIt_WithExactPixelsAndStatistics()
    {
        var dir = Temp();
        // Python's sorted() puts upper case before '_' before lower case; so does the loader.
        foreach (var (cls, i) in new[] { "b", "a", "B", "_x" }.Select((c, i) => (c, i)))
            for (int k = 0; k < 2; k++)
            {
                Write(Path.Combine(dir, "train", cls, $"{k}.png"), 8, 8, new SKColor((byte)(10 * i), 0, 0));
                Write(Path.Combine(dir, "val", cls, "nested", $"{k}.png"), 8, 8, new SKColor((byte)(10 * i), 0, 0));
            }
        using var data = ImageFolder.Load(dir, Options(Temp()));
        Assert.Equal(["B", "_x", "a", "b"], data.ClassNames);
        Assert.Equal(8, data.Train.Count);
        Assert.Equal(8, data.Test.Count); // nested subfolders are read too
        var labels = data.Train.Labels.data<long>().ToArray();
        var red = data.Train.Images.select(1, 0).select(1, 0).select(1, 0).contiguous().data<byte>().ToArray();
        // Class "b" was written with red 0, "a" 10, "B" 20, "_x" 30: the label says which.
        int[] redOf = [20, 30, 10, 0];
        for (int n = 0; n < labels.Length; n++) Assert.Equal(redOf[labels[n]], red[n]);
        // Mean of the red channel over the training split, in [0, 1] units; green and blue are 0 with std 0.
        Assert.Equal(15.0 / 255, data.Train.Normalisation.Mean[0], 12);
        Assert.Equal(Math.Sqrt(125.0) / 255, data.Train.Normalisation.Std[0], 12);
        Assert.Equal(0, data.Train.Normalisation.Std[1]);
        Assert.Same(data.Train.Normalisation, data.Test.Normalisation);
    }

    [Fact]
    public void Decoding_ConvertsToGray_ResizesTheShortSide_AndCropsTheCentre()
    {
        var dir = Temp();
        Write(Path.Combine(dir, "one", "wide.png"), 32, 16, SKColors.Red, SKColors.Blue);
        Write(Path.Combine(dir, "two", "solid.png"), 8, 8, Orange);
        Write(Path.Combine(dir, "two", "solid.jpg"), 8, 8, Orange, format: SKEncodedImageFormat.Jpeg);
        var rgb = new byte[3 * 8 * 8];
        ImageDecoder.Decode(Path.Combine(dir, "one", "wide.png"), 3, 8, rgb);
        // 32×16 → 16×8, centre 8×8 = columns 4..11: red on the left edge, blue on the right.
        Assert.Equal(255, rgb[0]);
        Assert.Equal(0, rgb[2 * 64]);
        Assert.Equal(0, rgb[7]);
        Assert.Equal(255, rgb[2 * 64 + 7]);
        var gray = new byte[64];
        ImageDecoder.Decode(Path.Combine(dir, "two", "solid.png"), 1, 8, gray);
        Assert.All(gray, v => Assert.Equal((200 * 19595 + 100 * 38470 + 50 * 7471 + 0x8000) >> 16, v)); // PIL's luma: 121
        ImageDecoder.Decode(Path.Combine(dir, "two", "solid.jpg"), 3, 8, rgb);
        Assert.InRange(rgb[0], 190, 210); // JPEG is lossy
    }

    [Fact]
    public void SingleTree_IsSplitStratified_AndBySeed()
    {
        var dir = Temp();
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < 10; k++)
                Write(Path.Combine(dir, $"class{c}", $"{k:D2}.png"), 8, 8, new SKColor((byte)(c * 50 + k), 0, 0));
        var cache = Temp();
        using var a = ImageFolder.Load(dir, Options(cache) with { ValFraction = 0.2, Seed = 1 });
        Assert.Equal(24, a.Train.Count);
        Assert.Equal(6, a.Test.Count);
        Assert.Equal([2L, 2, 2], a.Test.Labels.data<long>().ToArray().GroupBy(l => l).OrderBy(g => g.Key).Select(g => (long)g.Count()));
        using var again = ImageFolder.Load(dir, Options(cache) with { ValFraction = 0.2, Seed = 1 });
        Assert.Equal(a.Test.Images.data<byte>().ToArray(), again.Test.Images.data<byte>().ToArray());
        using var other = ImageFolder.Load(dir, Options(cache) with { ValFraction = 0.2, Seed = 2 });
        Assert.NotEqual(a.Test.Images.data<byte>().ToArray(), other.Test.Images.data<byte>().ToArray());
    }

    [Fact]
    public void Cache_IsReused_AndRebuiltWhenAFileChanges()
    {
        var dir = Temp();
        for (int c = 0; c < 2; c++)
            for (int k = 0; k < 3; k++)
                Write(Path.Combine(dir, $"c{c}", $"{k}.png"), 8, 8, new SKColor((byte)(c * 100 + k), 0, 0));
        var cache = Temp();
        var logs = new List<string>();
        var o = Options(cache) with { Log = logs.Add };
        using (ImageFolder.Load(dir, o)) { }
        using (ImageFolder.Load(dir, o)) { }
        Assert.Contains("decoded", logs[0]);
        Assert.Contains("from the decoded cache", logs[1]);
        // A changed file (new content and time) and an added one both rebuild the cache.
        Write(Path.Combine(dir, "c0", "0.png"), 8, 8, new SKColor(77, 0, 0));
        File.SetLastWriteTimeUtc(Path.Combine(dir, "c0", "0.png"), DateTime.UtcNow.AddMinutes(1));
        using (var changed = ImageFolder.Load(dir, o))
        {
            Assert.Contains("decoded", logs[2]);
            Assert.Contains((byte)77, changed.Train.Images.data<byte>().ToArray().Concat(changed.Test.Images.data<byte>().ToArray()));
        }
        Write(Path.Combine(dir, "c1", "9.png"), 8, 8, SKColors.Red);
        using (var added = ImageFolder.Load(dir, o)) Assert.Equal(7, added.Train.Count + added.Test.Count);
        Assert.Contains("decoded", logs[3]);
        // Another size is another cache entry.
        using (ImageFolder.Load(dir, o with { Size = 16 })) { }
        Assert.Contains("decoded", logs[4]);
    }

    [Fact]
    public void Cache_IsVerified_AndFailuresAreTriedAgain()
    {
        var dir = Temp();
        for (int c = 0; c < 2; c++)
            for (int k = 0; k < 3; k++)
                Write(Path.Combine(dir, $"c{c}", $"{k}.png"), 8, 8, new SKColor((byte)(c * 100 + k), 10, 20));
        var good = File.ReadAllBytes(Path.Combine(dir, "c0", "0.png"));
        var late = Path.Combine(dir, "c1", "late.png");
        var stamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.WriteAllBytes(late, new byte[good.Length]);   // not yet readable (as a file still being copied)
        File.SetLastWriteTimeUtc(late, stamp);
        var cache = Temp();
        var logs = new List<string>();
        var o = Options(cache) with { Log = logs.Add, SkipBadImages = true };
        byte[] first;
        using (var d = ImageFolder.Load(dir, o))
        {
            Assert.Equal(1, d.SkippedImages);
            first = d.Train.Images.data<byte>().ToArray();
        }
        // Overwriting part of the cached pixels (same length) is caught by the checksum: decoded again, same pixels.
        var bin = Directory.GetFiles(cache, "images.bin", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(bin);
        Array.Fill(bytes, (byte)255, 0, 64);
        File.WriteAllBytes(bin, bytes);
        using (var d = ImageFolder.Load(dir, o))
        {
            Assert.Contains("decoded", logs[^1]);
            Assert.DoesNotContain("from the decoded cache", logs[^1]);
            Assert.Equal(first, d.Train.Images.data<byte>().ToArray());
        }
        using (ImageFolder.Load(dir, o)) Assert.Contains("from the decoded cache", logs[^1]);
        // The file that failed is readable now with the same size and time the cache recorded: tried again, read, not skipped.
        File.WriteAllBytes(late, good);
        File.SetLastWriteTimeUtc(late, stamp);
        using (var d = ImageFolder.Load(dir, o)) Assert.Equal(0, d.SkippedImages);
        Assert.Contains("decoded", logs[^1]);
    }

    [Fact]
    public void TransparentPixels_KeepTheirColour_AsPilDoes()
    {
        // A 16×16 PNG written by PIL: left half opaque red, right half fully transparent green (0, 255, 0, 0). PIL's
        // convert("RGB") keeps the green, then resizing to 8×8 gives per column (255,0,0)×3, (223,32,0), (32,223,0),
        // (0,255,0)×3. Only the two columns at the edge may differ (Skia's filter is not PIL's).
        var path = Path.Combine(Temp(), "half.png");
        File.WriteAllBytes(path, Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAJUlEQVR4nGP8z8DwnwEPYPzPwIhPngmfJDFg1IBRA0YNGCwGAABKlgMfQnGmQQAAAABJRU5ErkJggg=="));
        var pixels = new byte[3 * 8 * 8];
        ImageDecoder.Decode(path, 3, 8, pixels);
        int green = 64 + 4 * 8;                                  // the G plane, row 4
        Assert.Equal(new byte[] { 0, 0, 0 }, pixels[(green + 0)..(green + 3)]);
        Assert.All(pixels[(green + 5)..(green + 8)], g => Assert.Equal(255, g));   // the transparent green is kept
    }

    [Fact]
    public void ManyImages_AreDecodedInChunks_ToTheSameFile_AndSplitsShareItWithoutCopies()
    {
        // 150 images in chunks of 64 (the smallest chunk) against one chunk: the same bytes, so the same cache file.
        var dir = Temp();
        var sources = new List<SourceImage>();
        for (int k = 0; k < 150; k++)
        {
            var file = Path.Combine(k % 2 == 0 ? "even" : "odd", $"{k:D3}.png");
            Write(Path.Combine(dir, file), 12, 9, new SKColor((byte)k, (byte)(255 - k), (byte)(k * 7)), right: new SKColor(0, (byte)k, 0));
            var info = new FileInfo(Path.Combine(dir, file));
            sources.Add(new SourceImage(file, info.Length, info.LastWriteTimeUtc.Ticks, k % 2));
        }
        var chunked = DecodedImages.Load(dir, sources, 3, 8, skipBad: false, cacheRoot: Temp(), chunkBytes: 1);
        var whole = DecodedImages.Load(dir, sources, 3, 8, skipBad: false, cacheRoot: Temp());
        Assert.Equal(File.ReadAllBytes(whole.PixelsFile), File.ReadAllBytes(chunked.PixelsFile));
        var expected = new byte[3 * 8 * 8];
        ImageDecoder.Decode(Path.Combine(dir, sources[149].Path), 3, 8, expected);
        Assert.Equal(expected, File.ReadAllBytes(chunked.PixelsFile)[(149 * 192)..]);

        // Through the loader: the stratified split is two lists of rows over one mapped file, read back exactly.
        using var data = ImageFolder.Load(dir, Options(Temp()) with { ValFraction = 0.2 });
        Assert.Equal((120, 30), (data.Train.Count, data.Test.Count));
        var all = File.ReadAllBytes(whole.PixelsFile);
        var labels = data.Test.Labels.data<long>().ToArray();
        for (int i = 0; i < data.Test.Count; i += 7)
        {
            using var image = data.Test.Gather([i]);
            var pixels = image.data<byte>().ToArray();
            int source = Enumerable.Range(0, 150).Single(k => all.AsSpan(k * 192, 192).SequenceEqual(pixels));
            Assert.Equal(source % 2, labels[i]);
        }
        using var range = data.Train.Range(10, 5);
        using var gathered = data.Train.Gather([10, 11, 12, 13, 14]);
        Assert.Equal(gathered.data<byte>().ToArray(), range.data<byte>().ToArray());
    }

    [Fact]
    public void UnwritableCache_DecodesToATemporaryFile_ThatIsGoneOnceMapped()
    {
        var dir = Temp();
        for (int c = 0; c < 2; c++)
            for (int k = 0; k < 4; k++) Write(Path.Combine(dir, $"c{c}", $"{k}.png"), 8, 8, new SKColor((byte)(40 * c + k), 9, 9));
        var blocked = Path.Combine(Temp(), "a-file");
        File.WriteAllText(blocked, "");                        // the cache root is a file: no folder can be made in it
        var logs = new List<string>();
        using var d = ImageFolder.Load(dir, Options(blocked) with { ValFraction = 0.5, Log = logs.Add });
        Assert.Contains("not cached (the cache folder could not be written)", logs.Single());
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"blockswap-decoded.{Environment.ProcessId}.*"));
        using var reference = ImageFolder.Load(dir, Options(Temp()) with { ValFraction = 0.5 });
        Assert.Equal(reference.Fingerprint.Digest, d.Fingerprint.Digest);
    }

    [Fact]
    public void AFileNameThatIsNotUtf8_IsNamed_OrSkipped()
    {
        var dir = Temp();
        foreach (var c in new[] { "cat", "dog" })
            for (int k = 0; k < 2; k++) Write(Path.Combine(dir, c, $"{k}.png"), 8, 8, SKColors.Gray);
        // "caf\xe9.png" in Latin-1: a name .NET cannot spell (it reads it with U+FFFD), made by the shell's printf.
        using (var p = System.Diagnostics.Process.Start("sh", ["-c", "cp \"$1\" \"$(printf \"$2/caf\\351.png\")\"", "sh", Path.Combine(dir, "cat", "0.png"), Path.Combine(dir, "cat")])!)
            p.WaitForExit();
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "cat")).Length);
        var e = Assert.Throws<BlockSwapException>(() => ImageFolder.Load(dir, Options(Temp())));
        Assert.Contains("the file name is not valid UTF-8", e.Message);
        Assert.Contains(Path.Combine(dir, "cat", "caf\uFFFD.png"), e.Message);
        using var d = ImageFolder.Load(dir, Options(Temp()) with { SkipBadImages = true, ValFraction = 0.5 });
        Assert.Equal((1, 4), (d.SkippedImages, d.Train.Count + d.Test.Count));
    }

    [Fact]
    public void Links_AreFollowed_ButNoFolderIsReadTwice_NorAnotherClass()
    {
        var dir = Temp();
        foreach (var c in new[] { "cat", "dog" })
            for (int k = 0; k < 4; k++) Write(Path.Combine(dir, c, $"{k}.png"), 8, 8, SKColors.Gray);
        var extra = Temp();
        Write(Path.Combine(extra, "e.png"), 8, 8, SKColors.Gray);
        Directory.CreateSymbolicLink(Path.Combine(dir, "cat", "loop"), Path.Combine(dir, "cat"));      // a loop
        Directory.CreateSymbolicLink(Path.Combine(dir, "cat", "dogs"), Path.Combine(dir, "dog"));      // into another class
        Directory.CreateSymbolicLink(Path.Combine(dir, "cat", "more"), extra);                         // a real extra folder
        using var d = ImageFolder.Load(dir, Options(Temp()) with { ValFraction = 0.5 });
        Assert.Equal(9, d.Train.Count + d.Test.Count);   // 4 + 1 cats, 4 dogs
        var labels = d.Train.Labels.data<long>().ToArray().Concat(d.Test.Labels.data<long>().ToArray()).ToArray();
        Assert.Equal(5, labels.Count(l => l == 0));
    }

    [Fact]
    public void BadData_GetsClearErrors_OrIsSkipped()
    {
        var dir = Temp();
        foreach (var c in new[] { "cat", "dog" })
            for (int k = 0; k < 3; k++) Write(Path.Combine(dir, "train", c, $"{k}.png"), 8, 8, SKColors.Gray);
        Write(Path.Combine(dir, "val", "cat", "0.png"), 8, 8, SKColors.Gray);
        var good = File.ReadAllBytes(Path.Combine(dir, "train", "dog", "0.png"));
        File.WriteAllBytes(Path.Combine(dir, "train", "dog", "truncated.png"), good[..(good.Length / 2)]);
        File.WriteAllText(Path.Combine(dir, "train", "cat", "notes.jpg"), "not an image");
        var e = Assert.Throws<BlockSwapException>(() => ImageFolder.Load(dir, Options(Temp())));
        Assert.Contains(Path.Combine("train", "cat", "notes.jpg"), e.Message);
        Assert.Contains("--skip-bad-images", e.Message);
        using (var skipped = ImageFolder.Load(dir, Options(Temp()) with { SkipBadImages = true }))
        {
            Assert.Equal(2, skipped.SkippedImages);
            Assert.Equal(6, skipped.Train.Count);
        }
        Directory.CreateDirectory(Path.Combine(dir, "val", "bird"));
        Assert.Contains("is a class that", Assert.Throws<BlockSwapException>(() => ImageFolder.Load(dir, Options(Temp()) with { SkipBadImages = true })).Message);
        Directory.Delete(Path.Combine(dir, "val", "bird"));
        Directory.CreateDirectory(Path.Combine(dir, "train", "empty"));
        Assert.Contains("has no images", Assert.Throws<BlockSwapException>(() => ImageFolder.Load(dir, Options(Temp()) with { SkipBadImages = true })).Message);
        var single = Temp();
        Write(Path.Combine(single, "only", "0.png"), 8, 8, SKColors.Gray);
        Assert.Contains("at least two", Assert.Throws<BlockSwapException>(() => ImageFolder.Load(single, Options(Temp()))).Message);
    }

    [Fact]
    public void ExportedFashionMnist_ReadsBackWithTheSameLabelsAndPixels()
    {
        using var source = DataSets.Load("fashion-mnist", null);
        var dir = Path.Combine(Temp(), "fm");
        var (train, val) = ImageFolderExport.Write(source, dir, perClass: 3);
        Assert.Equal((30, 30), (train, val));
        Assert.Equal("0-T-shirt-top", Directory.GetDirectories(Path.Combine(dir, "train")).Select(Path.GetFileName).Order(StringComparer.Ordinal).First());
        using var back = ImageFolder.Load(dir, Options(Temp(), channels: 1, size: 28));
        Assert.Equal(10, back.Classes);
        // File names are the source indices: every image comes back with its label and its exact pixels (PNG is lossless).
        var labels = back.Train.Labels.data<long>().ToArray();
        var sourceLabels = source.Train.Labels.data<long>().ToArray();
        var files = Directory.GetDirectories(Path.Combine(dir, "train")).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal)).ToArray();
        for (int n = 0; n < files.Length; n++)
        {
            long index = long.Parse(Path.GetFileNameWithoutExtension(files[n]));
            Assert.Equal(sourceLabels[index], labels[n]);
            Assert.Equal(source.Train.Images[index].data<byte>().ToArray(), back.Train.Images[n].data<byte>().ToArray());
        }
        Assert.Throws<BlockSwapException>(() => ImageFolderExport.Write(source, dir, perClass: 1)); // not empty
    }

    [Fact]
    public void Cifar100_UsesFineLabels_AndTheirNames()
    {
        var dir = Temp();
        byte[] Records(params (byte Coarse, byte Fine, byte Pixel)[] r) => r.SelectMany(x => new[] { x.Coarse, x.Fine }.Concat(Enumerable.Repeat(x.Pixel, 3072))).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "train.bin"), Records((3, 99, 7), (1, 5, 9)));
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), Records((0, 42, 1)));
        File.WriteAllLines(Path.Combine(dir, "fine_label_names.txt"), Enumerable.Range(0, 100).Select(i => $"name{i}"));
        using var data = DataSets.Load("cifar100", dir);
        Assert.Equal(100, data.Classes);
        Assert.Equal([99L, 5], data.Train.Labels.data<long>().ToArray());
        Assert.Equal(9, data.Train.Images[1, 2, 31, 31].item<byte>());
        Assert.Equal("name42", data.Test.ClassName((int)data.Test.Labels[0].item<long>()));
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), Records((0, 100, 1)));
        Assert.Contains("out of range (0..99)", Assert.Throws<BlockSwapException>(() => DataSets.Load("cifar100", dir)).Message);
    }
}

/// <summary>Data sources by id, never by prefix; folders recognised; an image folder's shape read from its images.</summary>
public class DataSourceTests
{
    [Fact]
    public void Names_MatchWhole_NeverByPrefix()
    {
        Assert.Equal("cifar100", DataSources.Get("cifar100").Id);
        Assert.Equal("cifar10", DataSources.Get("CIFAR-10").Id);
        Assert.Equal("fashion-mnist", DataSources.Get("fmnist").Id);
        Assert.Null(DataSources.Find("cifar1000"));
        Assert.Contains("unknown dataset 'cifar'", Assert.Throws<BlockSwapException>(() => DataSources.Get("cifar")).Message);
        // Records before 0.10 hold a display name: its first word, matched whole ("cifar100" was once read as "cifar10").
        Assert.Equal("cifar100", DataSources.FromRecord(null, "cifar100")!.Id);
        Assert.Equal("fashion-mnist", DataSources.FromRecord(null, "fashion-mnist (bundled 10k test split)")!.Id);
        Assert.Equal("folder", DataSources.FromRecord(null, "folder my-images")!.Id);
        Assert.Equal("cifar10", DataSources.FromRecord("cifar10", "something else")!.Id);
        Assert.Equal(DataSources.All.Count, DataSources.Ids.Distinct().Count());
    }

    [Fact]
    public void AFolder_IsRecognisedByItsFiles_AndAnImageFolderKeepsItsImagesShape()
    {
        var idx = Scratch.Folder("bs-src-idx-");
        File.WriteAllBytes(Path.Combine(idx, "train-images-idx3-ubyte.gz"), [0]);
        Assert.Equal("fashion-mnist", DataSources.Recognise(idx)!.Id);
        var cifar = Scratch.Folder("bs-src-c100-");
        File.WriteAllBytes(Path.Combine(cifar, "train.bin"), [0]);
        File.WriteAllBytes(Path.Combine(cifar, "test.bin"), [0]);
        Assert.Equal("cifar100", DataSources.Recognise(cifar)!.Id);

        // Gray 20×20 PNGs (and one colour 24×24 among them) in two classes.
        var dir = Scratch.Folder("bs-src-folder-");
        for (int c = 0; c < 2; c++)
        {
            Directory.CreateDirectory(Path.Combine(dir, $"c{c}"));
            for (int i = 0; i < 4; i++)
                WritePng(Path.Combine(dir, $"c{c}", $"{i}.png"), c == 1 && i == 0 ? 24 : 20, gray: !(c == 1 && i == 0));
        }
        Assert.Equal("folder", DataSources.Recognise(dir)!.Id);
        var shape = ImageFolder.Inspect(dir);
        Assert.Equal((1, 20, 8, 7), (shape.Channels, shape.Size, shape.Sampled, shape.Gray));
        Assert.Contains("sides vary", shape.Describe(true, true));
        var log = new List<string>();
        using var data = DataSources.Load("folder", new DataRequest
        {
            Folder = dir, Images = new ImageFolderOptions(ValFraction: 0.25, CacheRoot: Scratch.Folder("bs-src-cache-"), Log: log.Add),
        });
        Assert.Equal((1, 20), (data.Channels, data.Size));
        Assert.Equal("folder", data.Source);
        Assert.Contains(log, l => l.Contains("gray"));
        // Named values win over the images'.
        using var named = DataSources.Load("folder", new DataRequest { Folder = dir, Channels = 3, Size = 16, Images = new ImageFolderOptions(ValFraction: 0.25, CacheRoot: Scratch.Folder("bs-src-cache-")) });
        Assert.Equal((3, 16), (named.Channels, named.Size));
    }

    private static void WritePng(string path, int side, bool gray)
    {
        var info = new SkiaSharp.SKImageInfo(side, side, gray ? SkiaSharp.SKColorType.Gray8 : SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque);
        using var bitmap = new SkiaSharp.SKBitmap(info);
        bitmap.Erase(new SkiaSharp.SKColor(90, 140, 200));
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}

/// <summary>Decoding agrees with PIL's convert("RGB") / convert("L") where images carry alpha.</summary>
public class TransparentPixelTests
{
    [Fact]
    public void FullyTransparentPixels_KeepTheirColour_AsPilConvertDoes()
    {
        var dir = Scratch.Folder("bs-alpha-");
        var path = Path.Combine(dir, "a.png");
        // Written byte by byte: Skia's own encoder premultiplies, so it cannot write a transparent pixel with a colour.
        File.WriteAllBytes(path, RgbaPng(16, 16, [200, 100, 50, 0]));
        // PIL: Image.open(path).convert("RGB").getpixel((0, 0)) == (200, 100, 50); convert("L") == 118.
        var rgb = new byte[3 * 16 * 16];
        ImageDecoder.Decode(path, 3, 16, rgb);
        Assert.Equal(new byte[] { 200, 100, 50 }, new[] { rgb[0], rgb[256], rgb[512] });
        var gray = new byte[16 * 16];
        ImageDecoder.Decode(path, 1, 16, gray);
        Assert.Equal(124, gray[0]);
    }

    /// <summary>A minimal RGBA PNG of one colour: signature, IHDR, one zlib IDAT of unfiltered rows, IEND.</summary>
    internal static byte[] RgbaPng(int width, int height, byte[] rgba)
    {
        static void Chunk(Stream s, string type, byte[] data)
        {
            var len = BitConverter.GetBytes(data.Length);
            if (BitConverter.IsLittleEndian) Array.Reverse(len);
            s.Write(len);
            var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            s.Write(body);
            var crc = BitConverter.GetBytes(System.IO.Hashing.Crc32.HashToUInt32(body));
            if (BitConverter.IsLittleEndian) Array.Reverse(crc);
            s.Write(crc);
        }
        var ms = new MemoryStream();
        ms.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        ihdr[3] = (byte)width; ihdr[7] = (byte)height; ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA, no interlace
        Chunk(ms, "IHDR", ihdr);
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (int x = 0; x < width; x++) raw.Write(rgba);
        }
        var z = new MemoryStream();
        using (var zs = new System.IO.Compression.ZLibStream(z, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) zs.Write(raw.ToArray());
        Chunk(ms, "IDAT", z.ToArray());
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }
}
