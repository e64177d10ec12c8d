using System.Text.Json.Serialization;

namespace BlockSwap.Methods.Search;

/// <summary>How a search chooses the candidates it scores.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SearchStrategy>))]
public enum SearchStrategy
{
    /// <summary>Every candidate an independent draw from the limits (the paper's search).</summary>
    [JsonStringEnumMemberName("random")]
    Random,
    /// <summary>Regularised (aging) evolution guided by the proxy: <see cref="RegularisedEvolution"/>.</summary>
    [JsonStringEnumMemberName("evolution")]
    Evolution,
}
