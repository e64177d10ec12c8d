using BlockSwap.Training;

namespace BlockSwap.Pipeline;

/// <summary>Everything <c>blockswap run</c> needs: what to compress, to which budgets, against which baselines.</summary>
public sealed record RunSettings
{
    public string Architecture { get; init; } = "wrn-40-2";
    public required IReadOnlyList<long> Budgets { get; init; }
    public int Samples { get; init; } = 1000;
    public double Window { get; init; } = 0.025;
    public string Proxy { get; init; } = "fisher";
    public int SearchBatchSize { get; init; } = 128;
    /// <summary>Recipe of every trained network (teacher and students).</summary>
    public required TrainingOptions Training { get; init; }
    /// <summary>Teacher epochs when it is trained here (default: the students' epochs).</summary>
    public int? TeacherEpochs { get; init; }
    public string? TeacherCheckpoint { get; init; }
    public IReadOnlyList<string> Baselines { get; init; } = ["moonshine", "random"];
    public int Seeds { get; init; } = 1;
    public string Wrapper { get; init; } = "per-block";

    public static readonly string[] KnownBaselines = ["moonshine", "random"];

    public void Validate()
    {
        if (Budgets.Count == 0) throw new BlockSwapException("--budgets: give at least one budget, e.g. 200k,400k");
        if (Seeds < 1) throw new BlockSwapException($"--seeds {Seeds} is invalid: train at least 1 seed");
        foreach (var b in Baselines)
            if (!KnownBaselines.Contains(b))
                throw new BlockSwapException($"--baselines: unknown baseline '{b}'; use {string.Join(", ", KnownBaselines)} (comma-separated) or none");
        Training.Validate();
    }
}
