using System.Text.Json;
using BlockSwap.Genotypes;
using BlockSwap.IO;

namespace BlockSwap.Search;

/// <summary>
/// Everything that determines a search's candidates and scores. Saved as <c>search.json</c> in the output
/// folder, so <c>--resume</c> and <c>merge</c> can refuse to mix results of different searches.
/// </summary>
public sealed record SearchSettings
{
    public required string Architecture { get; init; }
    public int Classes { get; init; } = 10;
    public int InChannels { get; init; } = 3;
    public int InputSize { get; init; } = 32;
    public required long Budget { get; init; }
    public double Window { get; init; } = 0.025;
    public int Samples { get; init; } = 1000;
    public string Proxy { get; init; } = "fisher";
    public int BatchSize { get; init; } = 128;
    public long Seed { get; init; } = 1;
    public bool SameBatch { get; init; }
    public string Wrapper { get; init; } = "per-block";
    public required string Dataset { get; init; }
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;

    /// <summary>The same search, ignoring which shard ran it.</summary>
    public bool SameSearchAs(SearchSettings o) => this with { ShardIndex = 0, ShardCount = 1 } == o with { ShardIndex = 0, ShardCount = 1 };

    /// <summary>Candidate indices [start, end) of this shard: contiguous, disjoint slices of the seeded list.</summary>
    public (int Start, int End) ShardRange => (Samples * ShardIndex / ShardCount, Samples * (ShardIndex + 1) / ShardCount);

    public const string FileName = "search.json";

    public void Save(string dir) => AtomicFile.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, GenotypeFile.Json) + "\n");

    public static SearchSettings Load(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
            throw new BlockSwapException($"{path} is missing; {dir} is not a search output folder");
        try
        {
            return JsonSerializer.Deserialize<SearchSettings>(File.ReadAllText(path), GenotypeFile.Json)
                   ?? throw new BlockSwapException($"{path} is empty");
        }
        catch (JsonException)
        {
            throw new BlockSwapException($"{path} is malformed; rerun the search without --resume into an empty folder");
        }
    }
}
