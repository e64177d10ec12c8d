using System.Text.Json.Serialization;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// Which kernel runs training-mode batch norm on channels-last CPU batches. Float64 sums keep Fisher potentials as
/// exact as the NCHW arithmetic (scoring's default); libtorch's kernel sums in float32 and is faster on the small
/// feature maps of small networks (training's default, where float32 rounding is far below seed-to-seed noise).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchNormKernel>))]
public enum BatchNormKernel
{
    [JsonStringEnumMemberName("float64")]
    Float64,
    [JsonStringEnumMemberName("libtorch")]
    LibTorch,
}
