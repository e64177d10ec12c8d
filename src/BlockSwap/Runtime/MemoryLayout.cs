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
    /// <summary>The same values with this layout's strides (TorchSharp has no memory_format argument, so a permuted copy).</summary>
    public static Tensor In(this Tensor images, MemoryLayout layout) =>
        layout == MemoryLayout.ChannelsLast && images.dim() == 4 ? images.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : images;

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
