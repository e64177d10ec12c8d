using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>Everything <c>blockswap run</c> needs: what to compress, to which budgets, against which baselines.</summary>
public sealed record RunSettings
{
    public const string DefaultArchitecture = "wrn-40-2";
    public const int DefaultSeeds = 1;

    /// <summary>The network to compress; its classes, channels and input size are the data's (<see cref="BlockSwap.Engine.Networks.Architecture.Reshaped"/>).</summary>
    public Architecture Architecture { get; init; } = Architecture.Parse(DefaultArchitecture);
    public required IReadOnlyList<long> Budgets { get; init; }
    public int Samples { get; init; } = SearchSettings.DefaultSamples;
    /// <summary>The window, MAC and latency limits every budget's networks share (its budget is each of <see cref="Budgets"/>).</summary>
    public SearchLimits Limits { get; init; } = new();
    public ProxyRanking Ranking { get; init; } = ProxyRanking.Default;
    public int SearchBatchSize { get; init; } = SearchSettings.DefaultBatchSize;
    /// <summary>Recipe of every trained network (teacher and students).</summary>
    public required TrainingOptions Training { get; init; }
    /// <summary>Teacher epochs when it is trained here (default: the students' epochs).</summary>
    public int? TeacherEpochs { get; init; }
    public string? TeacherCheckpoint { get; init; }
    /// <summary>The given teacher's family (torchvision-resnet18/34 when it is not this project's network).</summary>
    public TeacherFamily TeacherArch { get; init; } = TeacherFamily.BlockSwap;
    public IReadOnlyList<Baseline> Baselines { get; init; } = [Baseline.Moonshine, Baseline.Random];
    public int Seeds { get; init; } = DefaultSeeds;
    /// <summary>
    /// Seeds of the random baseline (all of <see cref="Seeds"/>, the first N, or seeds by number): it answers a side
    /// question (does the proxy beat chance?) that needs fewer seeds than pick against Moonshine.
    /// </summary>
    public SeedSelection RandomSeeds { get; init; } = SeedSelection.All;
    public WrapperPolicy Wrapper { get; init; } = WrapperPolicy.PerBlock;
    /// <summary>Equivalence margin of the report's comparison, in points of test error (docs/statistics.md, "Comparing methods").</summary>
    public double Margin { get; init; } = DefaultMargin;
    public const double DefaultMargin = 0.25;
    /// <summary>
    /// Rounds of the report's latency timing at least (each round times every network once): more rounds, narrower
    /// latency intervals, longer timing.
    /// </summary>
    public int LatencyRounds { get; init; } = Methods.Latency.InterleavedLatencySettings.DefaultMinRounds;
    /// <summary>Redo a finished stage whose recorded settings differ from this run's (otherwise that is an error).</summary>
    public bool RedoChanged { get; init; }
    public const int MaxLatencyRounds = 1000;

    public void Validate()
    {
        if (Budgets.Count == 0) throw new BlockSwapException("no budgets: give at least one, e.g. 200k,400k");
        if (Seeds < 1) throw new BlockSwapException($"{Seeds} seeds is invalid: train at least 1 seed");
        RandomSeeds.Validate(Training.Seed, Seeds, "--random-seeds");
        if (RandomSeeds != SeedSelection.All && !Baselines.Contains(Baseline.Random))
            throw new BlockSwapException("--random-seeds is given but the random baseline is not: add random to --baselines, or leave --random-seeds out");
        foreach (var budget in Budgets) Limits.ForBudget(budget).Checked();
        if (!(Margin >= 0) || double.IsInfinity(Margin))
            throw new BlockSwapException($"--margin {Margin} is invalid: give the equivalence margin in points of test error, 0 or more (e.g. 0.25)");
        if (LatencyRounds < Methods.Latency.InterleavedLatencySettings.FewestRounds || LatencyRounds > MaxLatencyRounds)
            throw new BlockSwapException($"--latency-rounds {LatencyRounds} is invalid: give {Methods.Latency.InterleavedLatencySettings.FewestRounds} to {MaxLatencyRounds:N0} " +
                $"(a median's 95 % interval needs {Methods.Latency.InterleavedLatencySettings.FewestRounds} rounds; default {Methods.Latency.InterleavedLatencySettings.DefaultMinRounds})");
        Training.Validate();
    }
}
