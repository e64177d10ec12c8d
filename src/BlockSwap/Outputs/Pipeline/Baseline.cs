using System.Text.Json.Serialization;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>A network <c>run</c> trains beside the BlockSwap pick, with the same recipe, to compare it with.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Baseline>))]
public enum Baseline
{
    /// <summary>One block type everywhere: the type whose network is closest to the budget (Moonshine).</summary>
    [JsonStringEnumMemberName("moonshine")]
    Moonshine,
    /// <summary>A genotype drawn from the same window, independent of any score.</summary>
    [JsonStringEnumMemberName("random")]
    Random,
}

public static class Baselines
{
    /// <summary>A comma-separated list of baseline names, or <c>none</c>.</summary>
    public static Baseline[] Parse(string text) => text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)
        ? []
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(b => EnumNames.Parse<Baseline>(b, "baseline (comma-separated, or none)")).ToArray();
}
