using SkiaSharp;

namespace BlockSwap.Data;

/// <summary>
/// Decodes one image file into planar C×S×S bytes the way a torchvision pipeline prepares it: convert to RGB
/// (alpha dropped) or gray (PIL's luma, L = (19595 R + 38470 G + 7471 B + 2¹⁵) ≫ 16), resize the short side to S
/// (bilinear with mipmaps, so downscaling averages), then crop the centre S×S (offsets rounded as CenterCrop does).
/// </summary>
public static class ImageDecoder
{
    public static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"];

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Writes the prepared image into <paramref name="output"/> (length C·S·S); throws <see cref="BadImageException"/> when the file cannot be decoded whole.</summary>
    public static void Decode(string path, int channels, int size, Span<byte> output)
    {
        using var bitmap = Read(path);
        DropAlpha(bitmap);
        int w = bitmap.Width, h = bitmap.Height;
        int rw = w <= h ? size : (int)((long)size * w / h), rh = w <= h ? (int)((long)size * h / w) : size;
        rw = Math.Max(rw, size);
        rh = Math.Max(rh, size);
        using var resized = rw == w && rh == h ? bitmap.Copy() : bitmap.Resize(new SKImageInfo(rw, rh, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null) throw new BadImageException(path, "could not be resized");
        int top = (int)Math.Round((rh - size) / 2.0), left = (int)Math.Round((rw - size) / 2.0);
        var pixels = resized.GetPixelSpan();
        int stride = resized.RowBytes, plane = size * size;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int o = (top + y) * stride + (left + x) * 4;
                byte r = pixels[o], g = pixels[o + 1], b = pixels[o + 2];
                int i = y * size + x;
                if (channels == 1)
                {
                    output[i] = (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
                }
                else
                {
                    output[i] = r;
                    output[plane + i] = g;
                    output[2 * plane + i] = b;
                }
            }
    }

    /// <summary>The most pixels an image may declare (a 952-byte PNG declaring 30000×30000 once asked for 3.6 GB).</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>An image's declared width, height and whether it is stored as gray, read from its header without decoding.</summary>
    public static (int Width, int Height, bool Gray) Header(string path)
    {
        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream, out var created) ?? throw new BadImageException(path, $"is not a readable image ({created})");
        return (codec.Info.Width, codec.Info.Height, codec.Info.ColorType == SKColorType.Gray8);
    }

    /// <summary>
    /// Alpha dropped before anything else, as torchvision's loader does (<c>convert("RGB")</c> before the transforms): every
    /// pixel keeps its colour, a fully transparent one too (Skia's copy and resize premultiply, which turned those black).
    /// </summary>
    private static void DropAlpha(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        for (int i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
    }

    private static SKBitmap Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream, out var created) ?? throw new BadImageException(path, $"is not a readable image ({created})");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (info.Width < 1 || info.Height < 1) throw new BadImageException(path, "has no pixels");
        if ((long)info.Width * info.Height > MaxPixels)
            throw new BadImageException(path, $"declares {info.Width:N0}×{info.Height:N0} pixels, more than the {MaxPixels:N0} this tool decodes (damaged, or far larger than a training image)");
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new BadImageException(path, result == SKCodecResult.IncompleteInput ? "is truncated" : $"could not be decoded ({result})");
        }
        return bitmap;
    }
}

/// <summary>An image file that cannot be decoded whole.</summary>
public sealed class BadImageException(string path, string problem) : Exception($"{path} {problem}")
{
    public string Path { get; } = path;
}
