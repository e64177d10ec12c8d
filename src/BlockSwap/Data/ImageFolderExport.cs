using SkiaSharp;

namespace BlockSwap.Data;

/// <summary>
/// Writes a data set as an image folder (PNG): <c>DIR/train/&lt;class&gt;/NNNNN.png</c> and <c>DIR/val/…</c> from its test
/// split. Class folders are named <c>&lt;label&gt;-&lt;name&gt;</c> with the label zero-padded, so the sorted folder order,
/// and with it every label index, is the data set's own. The folder is written next to DIR and renamed into place
/// when complete.
/// </summary>
public static class ImageFolderExport
{
    /// <summary>The folder name of a class: its zero-padded label and its name with anything but letters, digits, '-' and '_' as '-'.</summary>
    public static string ClassFolder(Dataset data, int label)
    {
        int width = (data.Classes - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var name = new string(data.ClassName(label).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return $"{label.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')}-{name}";
    }

    /// <returns>Images written per split.</returns>
    public static (int Train, int Val) Write(DataSplits data, string dir, int? perClass = null, Action<int, int>? progress = null)
    {
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            throw new BlockSwapException($"{dir} is not empty; export into a new or empty folder");
        if (perClass is < 1) throw new BlockSwapException($"--per-class {perClass} is invalid: export at least 1 image per class");
        var full = Path.GetFullPath(dir);
        var partial = $"{Path.TrimEndingDirectorySeparator(full)}.partial-{Environment.ProcessId}";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        try
        {
            var train = Pick(data.Train, perClass);
            var val = Pick(data.Test, perClass);
            int total = train.Length + val.Length, done = 0;
            var gate = new object();
            void Tick()
            {
                int d = Interlocked.Increment(ref done);
                if (progress is not null && (d % 1000 == 0 || d == total)) lock (gate) progress(d, total);
            }
            Split(data.Train, train, Path.Combine(partial, "train"), Tick);
            Split(data.Test, val, Path.Combine(partial, "val"), Tick);
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(partial, full);
            return (train.Length, val.Length);
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    private static long[] Pick(Dataset d, int? perClass)
    {
        var labels = d.Labels.data<long>().ToArray();
        if (perClass is not { } n) return Enumerable.Range(0, labels.Length).Select(i => (long)i).ToArray();
        return Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).SelectMany(g => g.Take(n)).Order().Select(i => (long)i).ToArray();
    }

    private static void Split(Dataset d, long[] indices, string dir, Action tick)
    {
        for (int c = 0; c < d.Classes; c++) Directory.CreateDirectory(Path.Combine(dir, ClassFolder(d, c)));
        var labels = d.Labels.data<long>().ToArray();
        int channels = d.Channels, size = d.Size;
        // A chunk at a time: the set may be larger than memory (or than an array).
        foreach (var chunk in indices.Chunk((int)Math.Max(64, (64L << 20) / (channels * size * size))))
        {
            using var gathered = d.Gather(chunk);
            Write(gathered.bytes.ToArray(), chunk, channels, size, labels, d, dir, tick);
        }
    }

    private static void Write(byte[] pixels, long[] chunk, int channels, int size, long[] labels, Dataset d, string dir, Action tick)
    {
        int plane = size * size;
        Parallel.For(0, chunk.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            long i = chunk[k];
            var src = pixels.AsSpan(k * channels * plane, channels * plane);
            using var bitmap = new SKBitmap(new SKImageInfo(size, size, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
            var dst = bitmap.GetPixelSpan();
            int stride = bitmap.RowBytes;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    int p = y * size + x;
                    if (channels == 1)
                    {
                        dst[y * stride + x] = src[p];
                    }
                    else
                    {
                        int o = y * stride + 4 * x;
                        dst[o] = src[p];
                        dst[o + 1] = src[plane + p];
                        dst[o + 2] = src[2 * plane + p];
                        dst[o + 3] = 255;
                    }
                }
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(dir, ClassFolder(d, (int)labels[i]), $"{i:D5}.png"), png.ToArray());
            tick();
        });
    }
}
