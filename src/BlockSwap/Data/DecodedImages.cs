using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BlockSwap.Foundation.IO;

namespace BlockSwap.Data;

/// <summary>One source image: its path relative to the folder, size and modification time (what the cache checks), and class index.</summary>
public sealed record SourceImage(string Path, long Bytes, long ModifiedTicks, int Label);

/// <summary>
/// The images of one folder decoded to C×S×S bytes, kept in the cache (<see cref="CacheRoot"/>/data) as one binary
/// file next to a JSON manifest of the source files' sizes and times: a later load with the same files, channels and
/// size maps the binary file and decodes nothing; any added, removed or changed file rebuilds it, and so does a
/// binary file whose XxHash128 no longer matches the manifest's (a damaged cache once made an image all white). A file
/// that failed to decode is tried again on every load: a failure (no permission, a half-copied file) is not a property
/// of the file. Decoding uses every core and streams to the file a chunk at a time, and the set is then memory-mapped
/// (<see cref="Map"/>), so a folder of any size that fits on disk loads in bounded memory.
/// </summary>
/// <param name="PixelsFile">The decoded bytes, image after image.</param>
/// <param name="Cached">True when the pixels came from the cache or were written to it.</param>
public sealed record DecodedImages(string PixelsFile, IReadOnlyList<SourceImage> Images, IReadOnlyList<string> Bad, bool FromCache, bool Cached = true)
{
    // 3: alpha dropped before resizing (transparent pixels keep their colour), so earlier caches are decoded again.
    private const string Format = "blockswap-decoded/3";
    /// <summary>Images are decoded a chunk of about this many bytes at a time, then written: memory stays bounded however many images.</summary>
    public const long DefaultChunkBytes = 32L << 20;

    /// <summary>True when <see cref="PixelsFile"/> is a temporary file (the cache could not be written), removed once mapped.</summary>
    public bool Temporary { get; init; }

    private sealed record Manifest(string Format, string Source, int Channels, int Size, IReadOnlyList<SourceImage> Images, IReadOnlyList<SourceImage> Bad, string PixelsDigest);

    /// <summary>The images as an N×C×S×S byte tensor over the memory-mapped file: pages are read when a batch needs them.</summary>
    public TorchSharp.torch.Tensor Map(int channels, int size)
    {
        using var flat = TorchSharp.torch.from_file(PixelsFile, shared: false, size: (long)Images.Count * channels * size * size, dtype: TorchSharp.torch.ScalarType.Byte);
        if (Temporary) File.Delete(PixelsFile); // the mapping keeps the data; nothing is left behind
        return flat.view(Images.Count, channels, size, size);
    }

    private static string DigestOf(string path)
    {
        var hash = new System.IO.Hashing.XxHash128();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        hash.Append(stream);
        return Hex(hash);
    }

    private static string Hex(System.IO.Hashing.XxHash128 hash) => Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant();

    /// <param name="sources">The folder's images in order.</param>
    /// <param name="progress">(done, total) while decoding; not called on a cache hit.</param>
    /// <param name="chunkBytes">Memory for one chunk of decoded images (at least 64 images).</param>
    public static DecodedImages Load(string folder, IReadOnlyList<SourceImage> sources, int channels, int size, bool skipBad, string? cacheRoot = null,
        Action<int, int>? progress = null, long chunkBytes = DefaultChunkBytes, bool rehash = false)
    {
        string full = DataFingerprint.Canonical(folder);
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12].ToLowerInvariant();
        string dir = System.IO.Path.Combine(cacheRoot ?? System.IO.Path.Combine(CacheRoot.Directory, "data"), $"{key}-{channels}x{size}");
        string manifestPath = System.IO.Path.Combine(dir, "manifest.json"), pixelsPath = System.IO.Path.Combine(dir, "images.bin");
        long stride = (long)channels * size * size;

        if (!rehash && TryRead(manifestPath) is { } m && m.Format == Format && m.Source == full && m.Channels == channels && m.Size == size
            && m.Images.Concat(m.Bad).OrderBy(s => s.Path, StringComparer.Ordinal).SequenceEqual(sources.OrderBy(s => s.Path, StringComparer.Ordinal))
            && File.Exists(pixelsPath) && new FileInfo(pixelsPath).Length == m.Images.Count * stride
            && m.Bad.All(b => !Decodes(folder, b, channels, size)))
        {
            if (DigestOf(pixelsPath) == m.PixelsDigest)
            {
                if (m.Bad.Count > 0 && !skipBad) throw Refuse(folder, m.Bad[0].Path, "is not a readable image (tried again now)");
                return new DecodedImages(pixelsPath, m.Images, m.Bad.Select(b => b.Path).ToArray(), FromCache: true);
            }
            // A damaged cache file: decode again below and rewrite it.
        }

        string unique = $"{Environment.ProcessId}.{Guid.NewGuid():N}";
        string partial = System.IO.Path.Combine(dir, $".images.{unique}.tmp");
        Decoded decoded;
        bool cached = true;
        try
        {
            Directory.CreateDirectory(dir);
            decoded = DecodeTo(partial, folder, sources, channels, size, skipBad, progress, chunkBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written is not an error, but no message may say it was written.
            TryDelete(partial);
            cached = false;
            partial = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"blockswap-decoded.{unique}.bin");
            try
            {
                decoded = DecodeTo(partial, folder, sources, channels, size, skipBad, progress, chunkBytes);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                TryDelete(partial);
                throw new BlockSwapException($"cannot write the decoded images of {folder}, to {dir} ({e.Message.Split('\n')[0]}) or to {partial} " +
                    $"({again.Message.Split('\n')[0]}); free space, or set BLOCKSWAP_CACHE to a writable folder");
            }
        }
        var good = Enumerable.Range(0, sources.Count).Where(i => !decoded.Failures.ContainsKey(i)).Select(i => sources[i]).ToArray();
        var bad = decoded.Failures.Keys.Order().Select(i => sources[i]).ToArray();
        if (cached)
        {
            try
            {
                File.Move(partial, pixelsPath, overwrite: true);
                AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(new Manifest(Format, full, channels, size, good, bad, decoded.Digest), JsonFormats.Compact));
                return new DecodedImages(pixelsPath, good, bad.Select(b => b.Path).ToArray(), FromCache: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (File.Exists(pixelsPath)) partial = pixelsPath;
            }
        }
        return new DecodedImages(partial, good, bad.Select(b => b.Path).ToArray(), FromCache: false, Cached: false) { Temporary = partial != pixelsPath };
    }

    private sealed record Decoded(IReadOnlyDictionary<int, string> Failures, string Digest);

    /// <summary>Decodes every source a chunk at a time (in parallel within a chunk) and appends the readable ones to <paramref name="path"/>.</summary>
    private static Decoded DecodeTo(string path, string folder, IReadOnlyList<SourceImage> sources, int channels, int size, bool skipBad,
        Action<int, int>? progress, long chunkBytes)
    {
        int stride = channels * size * size, chunk = (int)Math.Clamp(chunkBytes / stride, 64, 65_536);
        var buffer = new byte[(long)Math.Min(chunk, Math.Max(1, sources.Count)) * stride];
        var failures = new ConcurrentDictionary<int, string>();
        var hash = new System.IO.Hashing.XxHash128();
        int done = 0;
        var gate = new object();
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            for (int begin = 0; begin < sources.Count; begin += chunk)
            {
                int n = Math.Min(chunk, sources.Count - begin);
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
                {
                    int i = begin + k;
                    try
                    {
                        ImageDecoder.Decode(System.IO.Path.Combine(folder, sources[i].Path), channels, size, buffer.AsSpan(k * stride, stride));
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
                for (int k = 0; k < n; k++)
                {
                    if (failures.ContainsKey(begin + k)) continue;
                    var image = buffer.AsSpan(k * stride, stride);
                    file.Write(image);
                    hash.Append(image);
                }
            }
            file.Flush(flushToDisk: false);
        }
        catch (BlockSwapException)
        {
            TryDelete(path);
            throw;
        }
        return new Decoded(failures, Hex(hash));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
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
