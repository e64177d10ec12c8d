using System.Text.Json.Serialization;

namespace BlockSwap.Data;

/// <summary>An automatic augmentation policy, torchvision's, applied to each training image before crop and flip.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AugmentPolicy>))]
public enum AugmentPolicy
{
    [JsonStringEnumMemberName("none")]
    None,
    /// <summary>TrivialAugment Wide (Müller and Hutter 2021): one random operation at a random strength per image.</summary>
    [JsonStringEnumMemberName("trivialaugment")]
    TrivialAugment,
    /// <summary>RandAugment (Cubuk et al. 2020): two random operations at strength 9 of 31 per image.</summary>
    [JsonStringEnumMemberName("randaugment")]
    RandAugment,
}
