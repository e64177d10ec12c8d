using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Methods.Scoring;

/// <summary>
/// How candidates are ranked: by one proxy (<c>fisher</c>), by Fisher while recording every proxy (<c>all</c>), or by
/// the mean rank of several proxies (<c>ensemble:a,b,...</c>; ranks from 1 = lowest score, ties averaged, so larger
/// is better). An ensemble's value depends on the whole candidate set, so it is computed over all scored candidates.
/// </summary>
/// Value-equal by its canonical name and written to files as that name (<c>"proxy": "fisher"</c>), so settings that hold
/// one compare and round-trip as the text a user typed.
[JsonConverter(typeof(ProxyRankingJsonConverter))]
public sealed record ProxyRanking(string Name, IReadOnlyList<IProxy> Proxies, bool IsEnsemble)
{
    public const string EnsemblePrefix = "ensemble:";

    /// <summary>The paper's: Fisher potential alone.</summary>
    public static ProxyRanking Default { get; } = Parse(ProxyRegistry.Default);

    public bool Equals(ProxyRanking? other) => other is not null && Name == other.Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Name;

    public static ProxyRanking Parse(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "all") return new("all", ProxyRegistry.All, false);
        if (n.StartsWith(EnsemblePrefix, StringComparison.Ordinal))
        {
            var parts = n[EnsemblePrefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(ProxyRegistry.Get).DistinctBy(p => p.Name).ToArray();
            if (parts.Length < 2)
                throw new BlockSwapException($"'{name}': an ensemble needs at least two different proxies, e.g. ensemble:fisher,synflow");
            return new(EnsemblePrefix + string.Join(",", parts.Select(p => p.Name)), parts, true);
        }
        var single = ProxyRegistry.Get(n);
        return new(single.Name, [single], false);
    }

    /// <summary>The value candidates are ranked by (larger is better), one per row of proxy scores.</summary>
    public double[] Values(IReadOnlyList<IReadOnlyDictionary<string, double>> scores)
    {
        if (!IsEnsemble) return scores.Select(s => s[Proxies[0].Name]).ToArray();
        var ranks = Proxies.Select(p => Ranking.AverageRanks(scores.Select(s => s[p.Name]).ToArray())).ToArray();
        return Enumerable.Range(0, scores.Count).Select(i => ranks.Average(r => r[i])).ToArray();
    }
}

internal sealed class ProxyRankingJsonConverter : JsonConverter<ProxyRanking>
{
    public override ProxyRanking Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ProxyRanking.Parse(reader.GetString() ?? throw new JsonException("a proxy name is expected"));

    public override void Write(Utf8JsonWriter writer, ProxyRanking value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
