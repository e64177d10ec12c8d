using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Engine.Genotypes;

/// <summary>
/// The project's genotype file (JSON): a network description (<see cref="NetworkSpecJson"/>: architecture, wrapper
/// policy, one block type per position), the resulting size, and, when a search produced it, how it was found. The
/// file is flat, the description's fields first: this record extends the description, so each field is declared once.
/// </summary>
public sealed record GenotypeFile : NetworkSpecJson
{
    public const string FormatName = "blockswap-genotype/1";

    [JsonPropertyOrder(-30)]
    public string Format { get; init; } = FormatName;

    /// <summary>The network the file describes, validated against the architectures and the catalogue.</summary>
    [JsonIgnore]
    public NetworkSpec Network => ToSpec();

    public long Params { get; init; }
    public long Macs { get; init; }
    public string? Proxy { get; init; }
    public double? Score { get; init; }
    public long? Seed { get; init; }
    /// <summary>The limits the search that found it met (null for a hand-written genotype).</summary>
    [BlockSwap.Foundation.IO.JsonFlatten] // written flat (budget, window, maxMacs, maxLatencyMs), as every release wrote it
    public Networks.SearchLimits? Limits { get; init; }
    public int? Samples { get; init; }
    public string? Dataset { get; init; }
    /// <summary>Latency the search's table predicted, and the whole network's measured latency (ms).</summary>
    public double? PredictedLatencyMs { get; init; }
    public double? LatencyMs { get; init; }
    /// <summary>Class names of the data the search scored on, in label order.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>For the JSON reader.</summary>
    public GenotypeFile() { }

    private GenotypeFile(NetworkSpecJson description) : base(description) { }

    /// <summary>Describes a plan; search fields are added with <c>with { ... }</c>.</summary>
    public static GenotypeFile From(NetworkPlan plan) => new(NetworkSpecJson.From(plan.Spec)) { Params = plan.Parameters, Macs = plan.Macs };

    public string ToJson() => JsonSerializer.Serialize(this, JsonFormats.Indented);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    public static GenotypeFile Load(string path)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"genotype file {path} does not exist; give the path of a .json or .csv genotype");
        try
        {
            var file = JsonSerializer.Deserialize<GenotypeFile>(File.ReadAllText(path), JsonFormats.Indented)
                       ?? throw new BlockSwapException($"{path}: empty genotype file");
            if (file.Format != FormatName)
                throw new BlockSwapException($"unknown format '{file.Format}', expected '{FormatName}'");
            _ = file.Network; // every field checked now, with the file's name in the message
            return file;
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
}
