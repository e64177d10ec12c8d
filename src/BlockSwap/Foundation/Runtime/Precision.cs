using System.Text.Json.Serialization;

namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// The arithmetic a network runs in (docs/performance.md). bf16 rounds its weights and activations to bfloat16 (on
/// CPUs with AVX-512 bf16, oneDNN's convolutions then run about three times the float32 rate), with losses and
/// statistics kept in float32. Opt-in where it is offered: Fisher scoring (values move by a few percent) and the
/// frozen teacher of attention transfer (its maps move by about 0.5 %), and training (float32 master weights; a small
/// teacher ended 0.3 points worse).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Precision>))]
public enum Precision
{
    [JsonStringEnumMemberName("fp32")]
    Fp32,
    [JsonStringEnumMemberName("bf16")]
    Bf16,
}
