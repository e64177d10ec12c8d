using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.IO;
using BlockSwap.Networks;

namespace BlockSwap.Genotypes;

/// <summary>
/// The project's genotype file (JSON): a <see cref="NetworkSpec"/> (architecture, wrapper policy, one block type
/// per position), the resulting size, and, when a search produced it, how it was found. The file is flat: the
/// spec's fields come first, then these.
/// </summary>
[JsonConverter(typeof(GenotypeFileJsonConverter))]
public sealed record GenotypeFile
{
    public const string FormatName = "blockswap-genotype/1";

    public required NetworkSpec Network { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    public string? Proxy { get; init; }
    public double? Score { get; init; }
    public long? Seed { get; init; }
    public long? Budget { get; init; }
    public long? MaxMacs { get; init; }
    public double? MaxLatencyMs { get; init; }
    public double? Window { get; init; }
    public int? Samples { get; init; }
    public string? Dataset { get; init; }
    /// <summary>Latency the search's table predicted, and the whole network's measured latency (ms).</summary>
    public double? PredictedLatencyMs { get; init; }
    public double? LatencyMs { get; init; }
    /// <summary>Class names of the data the search scored on, in label order.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Describes a plan; search fields are added with <c>with { ... }</c>.</summary>
    public static GenotypeFile From(NetworkPlan plan) => new() { Network = plan.Spec, Params = plan.Parameters, Macs = plan.Macs };

    public string ToJson() => JsonSerializer.Serialize(this, JsonFormats.Indented);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    public static GenotypeFile Load(string path)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"genotype file {path} does not exist; give the path of a .json or .csv genotype");
        try
        {
            return JsonSerializer.Deserialize<GenotypeFile>(File.ReadAllText(path), JsonFormats.Indented)
                   ?? throw new BlockSwapException($"{path}: empty genotype file");
        }
        catch (JsonException e)
        {
            // System.Text.Json's own message names .NET types ("could not be converted to System.Collections..."): say where instead.
            var what = e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "a value of the wrong type" : "not valid JSON";
            throw new BlockSwapException($"{path}: not a valid genotype JSON file ({what} at {e.Path ?? "the start"}, line {(e.LineNumber ?? 0) + 1}); it needs architecture (e.g. \"wrn-16-1\") and blocks (a list of block types)");
        }
        catch (BlockSwapException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new BlockSwapException($"{path}: {e.Message}");
        }
    }

    /// <summary>The file's JSON fields: the spec's, then the size and the search's.</summary>
    private sealed record Fields : NetworkSpecJson
    {
        [JsonPropertyOrder(-30)]
        public string Format { get; init; } = FormatName;
        public long Params { get; init; }
        public long Macs { get; init; }
        public string? Proxy { get; init; }
        public double? Score { get; init; }
        public long? Seed { get; init; }
        public long? Budget { get; init; }
        public long? MaxMacs { get; init; }
        public double? MaxLatencyMs { get; init; }
        public double? Window { get; init; }
        public int? Samples { get; init; }
        public string? Dataset { get; init; }
        public double? PredictedLatencyMs { get; init; }
        public double? LatencyMs { get; init; }
        public IReadOnlyList<string>? ClassNames { get; init; }
    }

    private sealed class GenotypeFileJsonConverter : JsonConverter<GenotypeFile>
    {
        public override GenotypeFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var f = JsonSerializer.Deserialize<Fields>(ref reader, options) ?? throw new JsonException("empty genotype file");
            if (f.Format != FormatName)
                throw new BlockSwapException($"unknown format '{f.Format}', expected '{FormatName}'");
            return new GenotypeFile
            {
                Network = f.ToSpec(), Params = f.Params, Macs = f.Macs, Proxy = f.Proxy, Score = f.Score, Seed = f.Seed,
                Budget = f.Budget, MaxMacs = f.MaxMacs, MaxLatencyMs = f.MaxLatencyMs, Window = f.Window, Samples = f.Samples, Dataset = f.Dataset,
                PredictedLatencyMs = f.PredictedLatencyMs, LatencyMs = f.LatencyMs, ClassNames = f.ClassNames,
            };
        }

        public override void Write(Utf8JsonWriter writer, GenotypeFile value, JsonSerializerOptions options)
        {
            var spec = NetworkSpecJson.From(value.Network);
            JsonSerializer.Serialize(writer, new Fields
            {
                Architecture = spec.Architecture, Depth = spec.Depth, Width = spec.Width, Classes = spec.Classes, InChannels = spec.InChannels,
                InputSize = spec.InputSize, Wrapper = spec.Wrapper, Blocks = spec.Blocks,
                Params = value.Params, Macs = value.Macs, Proxy = value.Proxy, Score = value.Score, Seed = value.Seed,
                Budget = value.Budget, MaxMacs = value.MaxMacs, MaxLatencyMs = value.MaxLatencyMs, Window = value.Window, Samples = value.Samples, Dataset = value.Dataset,
                PredictedLatencyMs = value.PredictedLatencyMs, LatencyMs = value.LatencyMs, ClassNames = value.ClassNames,
            }, options);
        }
    }
}
