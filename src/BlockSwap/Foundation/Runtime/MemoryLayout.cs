using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// How image batches and activations are laid out in memory (docs/performance.md). Channels-last (NHWC strides on an
/// N×C×H×W tensor) lets oneDNN run grouped and depthwise convolutions much faster on CPU, and every layer keeps the
/// layout it is given; the arithmetic order changes, so results move at float rounding level. Training and scoring
/// use it by default; <c>--layout nchw</c> keeps the reference implementation's operation order.
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
    /// The same values with this layout's strides (TorchSharp has no memory_format argument, so a copy into NHWC
    /// strides; none when the strides are already NHWC). One-channel tensors are returned as they are: their NCHW and
    /// NHWC strides describe the same memory, so a gray network takes the layout after its stem
    /// (<c>ComputeSettings.Layout</c>).
    /// </summary>
    public static Tensor In(this Tensor images, MemoryLayout layout)
    {
        if (layout != MemoryLayout.ChannelsLast || images.dim() != 4 || images.shape[1] == 1) return images;
        long c = images.shape[1], h = images.shape[2], w = images.shape[3];
        if (images.stride(1) == 1 && images.stride(3) == c && images.stride(2) == w * c) return images;
        var nhwc = empty_strided(images.shape, [h * w * c, 1, w * c, c], images.dtype, images.device);
        return nhwc.copy_(images);
    }

    /// <summary>Parses nchw or channels-last; <c>auto</c> gives <paramref name="auto"/>.</summary>
    public static MemoryLayout Parse(string name, MemoryLayout auto) => name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)
        ? auto
        : EnumNames.Parse(name, "layout (or auto)", ("channels_last", MemoryLayout.ChannelsLast), ("nhwc", MemoryLayout.ChannelsLast));
}
