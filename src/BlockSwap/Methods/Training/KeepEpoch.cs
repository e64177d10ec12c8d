using System.Text.Json.Serialization;

namespace BlockSwap.Methods.Training;

/// <summary>Which epoch's weights a training run keeps as its result (model.pt, the final checkpoint, result.json).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KeepEpoch>))]
public enum KeepEpoch
{
    [JsonStringEnumMemberName("last")]
    Last,
    /// <summary>The epoch with the lowest validation error (the earliest of equals); needs a validation split.</summary>
    [JsonStringEnumMemberName("best")]
    Best,
}
