using System.IO.Compression;
using static TorchSharp.torch;

namespace BlockSwap.Data;

/// <summary>Reads MNIST-style IDX files (raw or .gz): magic 0x00000803 for images, 0x00000801 for labels.</summary>
public static class IdxReader
{
    public static byte[] ReadAll(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new BlockSwapException($"{path}: not a valid gzip file (truncated or corrupt); re-download or reinstall the data");
        }
    }

    private static int BigEndian(byte[] b, int offset) => (b[offset] << 24) | (b[offset + 1] << 16) | (b[offset + 2] << 8) | b[offset + 3];

    /// <summary>Images as an N×1×rows×cols byte tensor.</summary>
    public static Tensor ReadImages(string path)
    {
        var b = ReadAll(path);
        if (b.Length < 16 || BigEndian(b, 0) != 0x00000803)
            throw new BlockSwapException($"{path}: wrong magic number (expected 0x00000803 for IDX images); is this an images file?");
        int n = BigEndian(b, 4), rows = BigEndian(b, 8), cols = BigEndian(b, 12);
        long expected = 16L + (long)n * rows * cols;
        if (n <= 0 || rows <= 0 || cols <= 0 || b.Length != expected)
            throw new BlockSwapException($"{path}: truncated or wrong size: header says {n} images of {rows}×{cols} ({expected} bytes), file has {b.Length} bytes");
        return tensor(b.AsSpan(16).ToArray(), new long[] { n, 1, rows, cols }, ScalarType.Byte);
    }

    /// <summary>Labels as an int64 tensor, each checked to be below <paramref name="classes"/>.</summary>
    public static Tensor ReadLabels(string path, int classes)
    {
        var b = ReadAll(path);
        if (b.Length < 8 || BigEndian(b, 0) != 0x00000801)
            throw new BlockSwapException($"{path}: wrong magic number (expected 0x00000801 for IDX labels); is this a labels file?");
        int n = BigEndian(b, 4);
        if (n <= 0 || b.Length != 8L + n)
            throw new BlockSwapException($"{path}: truncated or wrong size: header says {n} labels, file has {b.Length - 8} label bytes");
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = b[8 + i];
            if (labels[i] >= classes)
                throw new BlockSwapException($"{path}: label {labels[i]} at record {i} is out of range (0..{classes - 1})");
        }
        return tensor(labels);
    }
}
