using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlockSwap.IO;

namespace BlockSwap.Data;

/// <summary>One source image: its path relative to the folder, size and modification time (what the cache checks), and class index.</summary>
public sealed record SourceImage(string Path, long Bytes, long ModifiedTicks, int Label);

/// <summary>
/// The images of one folder decoded to C×S×S bytes, kept in the cache (<see cref="CacheRoot"/>/data) as one binary
/// file next to a JSON manifest of the source files' sizes and times: a later load with the same files, channels and
/// size reads the binary file and decodes nothing; any added, removed or changed file rebuilds it, and so does a
/// binary file whose XxHash128 no longer matches the manifest's (a damaged cache once made an image all white). A file
/// that failed to decode is tried again on every load: a failure (no permission, a half-copied file) is not a property
/// of the file. Decoding uses every core.
/// </summary>
/// <param name="Cached">True when the pixels came from the cache or were written to it.</param>
public sealed record DecodedImages(byte[] Pixels, IReadOnlyList<SourceImage> Images, IReadOnlyList<string> Bad, bool FromCache, bool Cached = true)
{
    private const string Format = "blockswap-decoded/2";

    private sealed record Manifest(string Format, string Source, int Channels, int Size, IReadOnlyList<SourceImage> Images, IReadOnlyList<SourceImage> Bad, string PixelsDigest);

    private static string Digest(byte[] pixels) => Convert.ToHexString(System.IO.Hashing.XxHash128.Hash(pixels)).ToLowerInvariant();

    /// <param name="sources">The folder's images in order.</param>
    /// <param name="progress">(done, total) while decoding; not called on a cache hit.</param>
    public static DecodedImages Load(string folder, IReadOnlyList<SourceImage> sources, int channels, int size, bool skipBad, string? cacheRoot = null,
        Action<int, int>? progress = null)
    {
        string full = System.IO.Path.GetFullPath(folder);
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12].ToLowerInvariant();
        string dir = System.IO.Path.Combine(cacheRoot ?? System.IO.Path.Combine(CacheRoot.Directory, "data"), $"{key}-{channels}x{size}");
        string manifestPath = System.IO.Path.Combine(dir, "manifest.json"), pixelsPath = System.IO.Path.Combine(dir, "images.bin");
        int stride = channels * size * size;

        if (TryRead(manifestPath) is { } m && m.Format == Format && m.Source == full && m.Channels == channels && m.Size == size
            && m.Images.Concat(m.Bad).OrderBy(s => s.Path, StringComparer.Ordinal).SequenceEqual(sources.OrderBy(s => s.Path, StringComparer.Ordinal))
            && File.Exists(pixelsPath) && new FileInfo(pixelsPath).Length == (long)m.Images.Count * stride
            && m.Bad.All(b => !Decodes(folder, b, channels, size)))
        {
            var cached = File.ReadAllBytes(pixelsPath);
            if (Digest(cached) == m.PixelsDigest)
            {
                if (m.Bad.Count > 0 && !skipBad) throw Refuse(folder, m.Bad[0].Path, "is not a readable image (tried again now)");
                return new DecodedImages(cached, m.Images, m.Bad.Select(b => b.Path).ToArray(), FromCache: true);
            }
            // A damaged cache file: decode again below and rewrite it.
        }

        var pixels = new byte[(long)sources.Count * stride];
        var failures = new ConcurrentDictionary<int, string>();
        int done = 0;
        var gate = new object();
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                ImageDecoder.Decode(System.IO.Path.Combine(folder, sources[i].Path), channels, size, pixels.AsSpan((int)((long)i * stride), stride));
            }
            catch (Exception e) when (e is BadImageException or IOException or UnauthorizedAccessException)
            {
                failures[i] = e is BadImageException ? "is not a readable image or is truncated" : $"cannot be read ({e.Message.Split('\n')[0]})";
            }
            int d = Interlocked.Increment(ref done);
            if (progress is not null && (d % 256 == 0 || d == sources.Count))
                lock (gate) progress(d, sources.Count);
        });
        if (failures.Count > 0 && !skipBad)
        {
            var first = failures.Keys.Min();
            throw Refuse(folder, sources[first].Path, failures[first]);
        }
        var good = Enumerable.Range(0, sources.Count).Where(i => !failures.ContainsKey(i)).ToArray();
        var kept = good.Length == sources.Count ? pixels : good.SelectMany(i => pixels.AsSpan(i * stride, stride).ToArray()).ToArray();
        var result = new DecodedImages(kept, good.Select(i => sources[i]).ToArray(), failures.Keys.Order().Select(i => sources[i].Path).ToArray(), FromCache: false);
        try
        {
            Directory.CreateDirectory(dir);
            AtomicFile.WriteAllBytes(pixelsPath, kept);
            AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(new Manifest(Format, full, channels, size, result.Images,
                failures.Keys.Order().Select(i => sources[i]).ToArray(), Digest(kept)), JsonFormats.Compact));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return result with { Cached = false }; // a cache that cannot be written is not an error, but no message may say it was written
        }
        return result;
    }

    /// <summary>Whether a file that failed before decodes now.</summary>
    private static bool Decodes(string folder, SourceImage image, int channels, int size)
    {
        try
        {
            ImageDecoder.Decode(System.IO.Path.Combine(folder, image.Path), channels, size, new byte[channels * size * size]);
            return true;
        }
        catch (Exception e) when (e is BadImageException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static BlockSwapException Refuse(string folder, string path, string problem) =>
        new($"{System.IO.Path.Combine(folder, path)} {problem}; remove or replace it, or pass --skip-bad-images to leave such files out");

    private static Manifest? TryRead(string path)
    {
        try { return File.Exists(path) ? JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), JsonFormats.Compact) : null; }
        catch (Exception e) when (e is JsonException or IOException) { return null; }
    }
}
