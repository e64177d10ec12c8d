using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace BlockSwap.Runtime;

/// <summary>
/// How image batches are laid out in memory (docs/performance.md). Channels-last (NHWC strides on an N×C×H×W tensor)
/// lets oneDNN run grouped and depthwise convolutions much faster on CPU, and every layer after the input keeps the
/// layout; the arithmetic order changes, so results move at float rounding level. Training uses it by default; proxy
/// scoring keeps NCHW by default, whose values match the reference implementation's.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MemoryLayout>))]
public enum MemoryLayout
{
    [JsonStringEnumMemberName("nchw")]
    Nchw,
    [JsonStringEnumMemberName("channels-last")]
    ChannelsLast,
}

public static class MemoryLayouts
{
    /// <summary>
    /// The same values with this layout's strides (TorchSharp has no memory_format argument, so a copy into
    /// NHWC strides). One-channel batches stay NCHW: the demo's gray WRN-16-1 ran slower channels-last (teacher
    /// 3:37 → 6:16 for 3 epochs, 100 candidates 11 → 26 s), and the permuted copy of release 0.5 had left them NCHW.
    /// </summary>
    public static Tensor In(this Tensor images, MemoryLayout layout)
    {
        if (layout != MemoryLayout.ChannelsLast || images.dim() != 4 || images.shape[1] == 1) return images;
        long c = images.shape[1], h = images.shape[2], w = images.shape[3];
        var nhwc = empty_strided(images.shape, [h * w * c, 1, w * c, c], images.dtype, images.device);
        return nhwc.copy_(images);
    }

    public static string ToCliName(this MemoryLayout l) => l == MemoryLayout.Nchw ? "nchw" : "channels-last";

    /// <summary>Parses nchw or channels-last; <c>auto</c> gives <paramref name="auto"/>.</summary>
    public static MemoryLayout Parse(string name, MemoryLayout auto) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => auto,
        "nchw" => MemoryLayout.Nchw,
        "channels-last" or "channels_last" or "nhwc" => MemoryLayout.ChannelsLast,
        _ => throw new BlockSwapException($"unknown layout '{name}'; use auto, nchw or channels-last"),
    };
}
