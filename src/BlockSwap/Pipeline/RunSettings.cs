using BlockSwap.Networks;
using BlockSwap.Scoring;
using BlockSwap.Search;
using BlockSwap.Training;

namespace BlockSwap.Pipeline;

/// <summary>Everything <c>blockswap run</c> needs: what to compress, to which budgets, against which baselines.</summary>
public sealed record RunSettings
{
    public const string DefaultArchitecture = "wrn-40-2";
    public const int DefaultSeeds = 1;

    /// <summary>The network to compress; its classes, channels and input size are the data's (<see cref="Networks.Architecture.Reshaped"/>).</summary>
    public Architecture Architecture { get; init; } = Architecture.Parse(DefaultArchitecture);
    public required IReadOnlyList<long> Budgets { get; init; }
    public int Samples { get; init; } = SearchSettings.DefaultSamples;
    public double Window { get; init; } = SearchSettings.DefaultWindow;
    /// <summary>At most this many multiply-accumulates for the searched and baseline networks (null = no limit).</summary>
    public long? MaxMacs { get; init; }
    /// <summary>At most this predicted ONNX Runtime latency (ms, batch 1, one thread) for the searched and baseline networks.</summary>
    public double? MaxLatencyMs { get; init; }
    public string Proxy { get; init; } = ProxyRegistry.Default;
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
    /// Seeds of the random baseline (the first this many of <see cref="Seeds"/>; null = all): it answers a side question
    /// (does the proxy beat chance?) that needs fewer seeds than pick against Moonshine.
    /// </summary>
    public SeedSelection RandomSeeds { get; init; } = SeedSelection.All;
    public WrapperPolicy Wrapper { get; init; } = WrapperPolicy.PerBlock;
    /// <summary>Equivalence margin of the report's comparison, in points of test error (docs/statistics.md, "Comparing methods").</summary>
    public double Margin { get; init; } = DefaultMargin;
    public const double DefaultMargin = 0.25;
    /// <summary>Redo a finished stage whose recorded settings differ from this run's (otherwise that is an error).</summary>
    public bool RedoChanged { get; init; }


    public void Validate()
    {
        if (Budgets.Count == 0) throw new BlockSwapException("no budgets: give at least one, e.g. 200k,400k");
        if (Seeds < 1) throw new BlockSwapException($"{Seeds} seeds is invalid: train at least 1 seed");
        RandomSeeds.Validate(Training.Seed, Seeds, "--random-seeds");
        if (RandomSeeds != SeedSelection.All && !Baselines.Contains(Baseline.Random))
            throw new BlockSwapException("--random-seeds is given but the random baseline is not: add random to --baselines, or leave --random-seeds out");
        foreach (var budget in Budgets) _ = Search.SearchLimits.Checked(budget, Window, MaxMacs, MaxLatencyMs);
        if (!(Margin >= 0) || double.IsInfinity(Margin))
            throw new BlockSwapException($"--margin {Margin} is invalid: give the equivalence margin in points of test error, 0 or more (e.g. 0.25)");
        ProxyRegistry.Resolve(Proxy);
        Training.Validate();
    }
}
