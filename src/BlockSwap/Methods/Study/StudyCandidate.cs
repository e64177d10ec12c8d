using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Study;

/// <summary>One training of a candidate: its seed, validation error (used for every correlation) and test error (reported only).</summary>
public sealed record StudyTraining(long Seed, double ValidationError, double TestError, double Seconds);

/// <summary>
/// A candidate's finished stage (<c>candidates/cNNN/candidate.json</c>): its genotype, whether it is a Moonshine
/// network or a user's extra one, its size, its proxy scores at every initialisation seed and its trained errors at every training seed.
/// </summary>
public sealed record StudyCandidate
{
    public const string FileName = "candidate.json";

    public required int Index { get; init; }
    public required Genotype Genotype { get; init; }
    /// <summary>The uniform type for a Moonshine network; null for a sampled candidate.</summary>
    public string? Moonshine { get; init; }
    /// <summary>The label of a network the user added (<see cref="StudyExtra"/>); null for a sampled candidate.</summary>
    public string? Extra { get; init; }
    /// <summary>A sampled candidate: one the correlations use (not a Moonshine network, not an extra one).</summary>
    [JsonIgnore]
    public bool IsSampled => Moonshine is null && Extra is null;
    public long Params { get; init; }
    public long Macs { get; init; }
    /// <summary>One dictionary of proxy values per initialisation seed.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, double>> Scores { get; init; }
    public required IReadOnlyList<StudyTraining> Trainings { get; init; }

    [JsonIgnore]
    public double MeanValidationError => Trainings.Average(t => t.ValidationError);
    [JsonIgnore]
    public double MeanTestError => Trainings.Average(t => t.TestError);

    public void Save(string dir) => AtomicFile.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, JsonFormats.Indented) + "\n");

    public static StudyCandidate? TryLoad(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<StudyCandidate>(File.ReadAllText(path), JsonFormats.Indented);
        }
        catch (JsonException)
        {
            throw new BlockSwapException($"{path} is damaged; delete that candidate's folder to redo it");
        }
    }
}
