using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BlockSwap.Foundation.IO;

/// <summary>
/// The JSON settings of every file the tool writes: camelCase names, nulls left out, and non-finite numbers (a proxy
/// can score −∞, e.g. the log-determinant of a singular kernel) written as "-Infinity" / "NaN".
/// </summary>
public static class JsonFormats
{
    /// <summary>Indented, for files people read (genotypes, settings, results, reports).</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = Resolver(),
    };

    /// <summary>One line per record (metrics.jsonl).</summary>
    public static readonly JsonSerializerOptions Compact = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = Resolver(),
    };

    private static DefaultJsonTypeInfoResolver Resolver() => new() { Modifiers = { JsonFlattenAttribute.Apply } };
}
