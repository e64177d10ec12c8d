using System.Text.Json.Serialization;

namespace BlockSwap.Engine.Networks;

/// <summary>How each block's wrapper (Basic or Bottle) is chosen (docs/method.md, "Wrapper policies").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WrapperPolicy>))]
public enum WrapperPolicy
{
    /// <summary>Each block gets its own type's wrapper: the built network has exactly the budgeted size.</summary>
    [JsonStringEnumMemberName("per-block")]
    PerBlock,
    /// <summary>Every block of a group gets the wrapper of the group's first type, as the reference builds its scored and trained networks.</summary>
    [JsonStringEnumMemberName("group-first")]
    GroupFirst,
}

public static class WrapperPolicies
{
    public static WrapperPolicy Parse(string name) =>
        EnumNames.Parse(name, "wrapper policy", ("perblock", WrapperPolicy.PerBlock), ("per-block-type", WrapperPolicy.PerBlock), ("groupfirst", WrapperPolicy.GroupFirst));
}
