using System.Text.Json.Serialization;

namespace BlockSwap.Scoring;

/// <summary>
/// The arithmetic of proxy scoring (docs/performance.md). bf16 runs the candidate network in bfloat16 (weights
/// initialised in float32, then rounded), with the loss and the Fisher products in float32; it is opt-in, for the
/// Fisher proxy, because it moves values by a few percent (ranks measured in docs/performance.md).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScoringPrecision>))]
public enum ScoringPrecision
{
    [JsonStringEnumMemberName("fp32")]
    Fp32,
    [JsonStringEnumMemberName("bf16")]
    Bf16,
}
