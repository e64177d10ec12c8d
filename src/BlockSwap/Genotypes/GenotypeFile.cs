using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.IO;
using BlockSwap.Networks;

namespace BlockSwap.Genotypes;

/// <summary>
/// The project's genotype file (JSON): the architecture, the wrapper policy, one block type per position,
/// the resulting size, and, when a search produced it, how it was found.
/// </summary>
public sealed record GenotypeFile
{
    public const string FormatName = "blockswap-genotype/1";

    public string Format { get; init; } = FormatName;
    public required string Architecture { get; init; }
    public int? Depth { get; init; }
    public int? Width { get; init; }
    public int Classes { get; init; } = 10;
    public int InChannels { get; init; } = 3;
    public int InputSize { get; init; } = 32;
    public string Wrapper { get; init; } = "per-block";
    public required IReadOnlyList<string> Blocks { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    public string? Proxy { get; init; }
    public double? Score { get; init; }
    public long? Seed { get; init; }
    public long? Budget { get; init; }
    public double? Window { get; init; }
    public int? Samples { get; init; }
    public string? Dataset { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Describes a plan; search fields are added with <c>with { ... }</c>.</summary>
    public static GenotypeFile From(NetworkPlan plan)
    {
        var arch = plan.Architecture;
        var (depth, width) = ParseWrn(arch.Name);
        return new GenotypeFile
        {
            Architecture = arch.Name,
            Depth = depth,
            Width = width,
            Classes = arch.Classes,
            InChannels = arch.InChannels,
            InputSize = arch.InputSize,
            Wrapper = plan.Policy.ToCliName(),
            Blocks = plan.Genotype.Blocks.Select(b => b.Name).ToArray(),
            Params = plan.Parameters,
            Macs = plan.Macs,
        };
    }

    private static (int?, int?) ParseWrn(string name)
    {
        var parts = name.Split('-');
        return parts.Length == 3 && parts[0] == "wrn" ? (int.Parse(parts[1]), int.Parse(parts[2])) : (null, null);
    }

    /// <summary>Rebuilds the plan, validating every field against the catalogue and the architecture.</summary>
    public NetworkPlan ToPlan(string source)
    {
        if (Format != FormatName)
            throw new BlockSwapException($"{source}: unknown format '{Format}', expected '{FormatName}'");
        try
        {
            var arch = Networks.Architecture.Parse(Architecture, Classes, InChannels, InputSize);
            var genotype = Genotype.Parse(string.Join(",", Blocks ?? []), source);
            return new NetworkPlan(arch, genotype, WrapperPolicyNames.Parse(Wrapper));
        }
        catch (BlockSwapException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new BlockSwapException($"{source}: {e.Message}");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    public static GenotypeFile Load(string path)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"genotype file {path} does not exist; give the path of a .json or .csv genotype");
        try
        {
            return JsonSerializer.Deserialize<GenotypeFile>(File.ReadAllText(path), Json)
                   ?? throw new BlockSwapException($"{path}: empty genotype file");
        }
        catch (JsonException e)
        {
            throw new BlockSwapException($"{path}: not a valid genotype JSON file ({e.Message.Split('.')[0]}); fields architecture and blocks are required");
        }
    }
}
