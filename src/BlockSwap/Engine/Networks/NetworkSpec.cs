using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Description.Blocks;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// Everything that determines a network: the architecture (with classes, input channels and size), one block
/// type per position and the wrapper policy. It is the only thing that builds a <see cref="NetworkPlan"/>, and
/// it is what files record (genotype files, checkpoints, results): JSON
/// <c>{ "architecture", "depth", "width", "classes", "inChannels", "inputSize", "wrapper", "blocks" }</c>,
/// parsed and validated once, here. Two specs are equal when they describe the same network.
/// </summary>
[JsonConverter(typeof(NetworkSpecJsonConverter))]
public sealed record NetworkSpec(Architecture Architecture, Genotype Genotype, WrapperPolicy Policy = WrapperPolicy.PerBlock)
{
    public NetworkPlan ToPlan() => new(this);

    /// <summary>The same type at every position (a Moonshine network, or the all-Conv teacher).</summary>
    public static NetworkSpec Uniform(Architecture architecture, BlockType type, WrapperPolicy policy = WrapperPolicy.PerBlock) =>
        new(architecture, Genotype.Uniform(type, architecture), policy);

    /// <summary>The all-Conv network of an architecture: the plain teacher.</summary>
    public static NetworkSpec Teacher(Architecture architecture) => Uniform(architecture, BlockCatalogue.Get("Conv"));

    public override string ToString() => $"{Architecture.Name} [{Genotype}] ({Policy.Name()})";
}

/// <summary>The flat JSON form of a <see cref="NetworkSpec"/> (also the first fields of a genotype file).</summary>
public record NetworkSpecJson
{
    [JsonPropertyOrder(-20)]
    public string? Architecture { get; init; }
    /// <summary>Depth and width of a WRN, for people reading the file; the name alone determines them.</summary>
    [JsonPropertyOrder(-19)]
    public int? Depth { get; init; }
    [JsonPropertyOrder(-18)]
    public int? Width { get; init; }
    [JsonPropertyOrder(-17)]
    public int Classes { get; init; } = 10;
    [JsonPropertyOrder(-16)]
    public int InChannels { get; init; } = 3;
    [JsonPropertyOrder(-15)]
    public int? InputSize { get; init; }
    [JsonPropertyOrder(-14)]
    public string Wrapper { get; init; } = "per-block";
    [JsonPropertyOrder(-13)]
    public IReadOnlyList<string>? Blocks { get; init; }

    public static NetworkSpecJson From(NetworkSpec spec)
    {
        var a = spec.Architecture;
        return new NetworkSpecJson
        {
            Architecture = a.Name,
            Depth = a.WideResNetSize?.Depth,
            Width = a.WideResNetSize?.Width,
            Classes = a.Classes,
            InChannels = a.InChannels,
            InputSize = a.InputSize,
            Wrapper = spec.Policy.Name(),
            Blocks = spec.Genotype.Blocks.Select(b => b.Name).ToArray(),
        };
    }

    /// <summary>Validates every field against the architectures and the catalogue.</summary>
    public NetworkSpec ToSpec()
    {
        if (string.IsNullOrWhiteSpace(Architecture))
            throw new BlockSwapException("the network description has no 'architecture' field (e.g. \"wrn-40-2\")");
        if (Blocks is null || Blocks.Count == 0)
            throw new BlockSwapException("the network description has no 'blocks' list (one block type per position)");
        var arch = Networks.Architecture.Parse(Architecture, Classes, InChannels, InputSize);
        var spec = new NetworkSpec(arch, Genotype.FromNames(Blocks, "blocks"), WrapperPolicies.Parse(Wrapper));
        spec.ToPlan(); // one type per position, each valid where it sits
        return spec;
    }
}

internal sealed class NetworkSpecJsonConverter : JsonConverter<NetworkSpec>
{
    public override NetworkSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (JsonSerializer.Deserialize<NetworkSpecJson>(ref reader, options) ?? throw new JsonException("empty network description")).ToSpec();

    public override void Write(Utf8JsonWriter writer, NetworkSpec value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, NetworkSpecJson.From(value), options);
}
