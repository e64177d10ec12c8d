using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;

namespace BlockSwap.Methods.Study;

/// <summary>
/// Everything that determines a study's candidates, scores and trained errors. Saved as <c>study.json</c>; resuming
/// and merging refuse to mix studies whose settings differ.
/// </summary>
public sealed record StudySettings
{
    public const string FileName = "study.json";
    public const int DefaultCandidates = 32;
    public const int DefaultInitSeeds = 3;
    public const int DefaultTrainSeeds = 2;
    public const int DefaultValidationImages = 5000;

    public required Architecture Architecture { get; init; }
    /// <summary>What candidates must meet: a budget (required here) and window, MACs, predicted latency (batch 1, one thread).</summary>
    [BlockSwap.Foundation.IO.JsonFlatten] // written flat (budget, window, maxMacs, maxLatencyMs), as every release wrote it
    public SearchLimits Limits { get; init; } = new();

    /// <summary>The parameter budget (a study always has one).</summary>
    [JsonIgnore]
    public long Budget => Limits.Budget ?? throw new InvalidOperationException("a study's limits hold its budget");
    /// <summary>Sampled candidates; the Moonshine networks inside the window are added to them.</summary>
    public int Candidates { get; init; } = DefaultCandidates;
    public WrapperPolicy Wrapper { get; init; } = WrapperPolicy.PerBlock;
    public long Seed { get; init; } = 1;
    public required string Dataset { get; init; }
    /// <summary>Initialisations (and minibatches) each candidate is scored at.</summary>
    public int InitSeeds { get; init; } = DefaultInitSeeds;
    /// <summary>Trainings per candidate, each with its own seed.</summary>
    public int TrainSeeds { get; init; } = DefaultTrainSeeds;
    public int ScoreBatchSize { get; init; } = SearchSettings.DefaultBatchSize;
    /// <summary>
    /// One minibatch per initialisation for every candidate, so scores differ by network only (the default). Null in
    /// studies written before the option existed, which drew a minibatch per candidate: compared as false.
    /// </summary>
    public bool? SharedBatch { get; init; }
    /// <summary>Images held out from the training split; every correlation uses their error.</summary>
    public int ValidationImages { get; init; } = DefaultValidationImages;
    /// <summary>At most this many of the remaining training images train each network (null = all).</summary>
    public int? TrainImages { get; init; }
    /// <summary>The recipe of every candidate (its seed is the first training seed).</summary>
    public required TrainingOptions Training { get; init; }
    /// <summary>Distil from a teacher: a given checkpoint or .pt, or one trained here for <see cref="TeacherEpochs"/>.</summary>
    public string? Teacher { get; init; }
    public int? TeacherEpochs { get; init; }
    /// <summary>Networks added beside the sampled ones (<c>LABEL=A,B,...</c>, see <see cref="StudyExtra"/>); part of the study (a resume keeps them).</summary>
    public IReadOnlyList<StudyExtra> Extras { get; init; } = NoExtras;
    /// <summary>Extra ensembles to evaluate, e.g. <c>ensemble:fisher,synflow</c>.</summary>
    public IReadOnlyList<ProxyRanking> Ensembles { get; init; } = NoEnsembles;
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;

    [JsonIgnore]
    public bool Distilled => Teacher is not null || TeacherEpochs is not null;

    /// <summary>Every registered proxy is scored.</summary>
    [JsonIgnore]
    public IReadOnlyList<IProxy> Proxies => ProxyRegistry.All;

    /// <summary>The same candidates, scores and trainings: shards and the report's extra ensembles may differ.</summary>
    public bool SameStudyAs(StudySettings o) =>
        Core(this) with { Data = o.Data is null ? null : Data } == Core(o) with { Data = Data is null ? null : o.Data } && Extras.SequenceEqual(o.Extras);

    /// <summary>The images and labels the study was run on, before its hold-out (null in studies of release 0.6 and earlier).</summary>
    public Data.DataFingerprint? Data { get; init; }

    private static readonly ProxyRanking[] NoEnsembles = [];
    private static readonly StudyExtra[] NoExtras = [];
    private static StudySettings Core(StudySettings s) => s with { ShardIndex = 0, ShardCount = 1, Ensembles = NoEnsembles, Extras = NoExtras, SharedBatch = s.SharedBatch ?? false };

    public void Validate()
    {
        new SearchSettings { Architecture = Architecture, Limits = Limits, Samples = Candidates, Dataset = Dataset, BatchSize = ScoreBatchSize, ShardIndex = ShardIndex, ShardCount = ShardCount }.Validate();
        if (Candidates < 3) throw new BlockSwapException($"{Candidates} candidates is too few: a study correlates at least 3");
        if (InitSeeds < 1) throw new BlockSwapException($"{InitSeeds} initialisation seeds is invalid: score at least 1");
        if (TrainSeeds < 1) throw new BlockSwapException($"{TrainSeeds} training seeds is invalid: train at least 1");
        if (ValidationImages < 1) throw new BlockSwapException($"{ValidationImages} validation images is invalid: hold out at least 1");
        if (TrainImages is < 1) throw new BlockSwapException($"{TrainImages} training images is invalid: train on at least 1");
        if (Teacher is not null && TeacherEpochs is not null)
            throw new BlockSwapException("give a teacher or teacher epochs (to train one here), not both");
        if (TeacherEpochs is < 1) throw new BlockSwapException($"{TeacherEpochs} teacher epochs is invalid: train at least 1");
        var labels = Extras.Select(e => e.Label).ToArray();
        if (labels.Distinct().Count() != labels.Length) throw new BlockSwapException($"--extra labels repeat ({string.Join(", ", labels)}); give each extra network its own label");
        foreach (var e in Extras) _ = StudyExtra.Parse(e.ToString(), Architecture); // refuses a genotype of another length or a type that does not fit
        foreach (var e in Ensembles)
            if (!e.IsEnsemble) throw new BlockSwapException($"'{e}' is not an ensemble; write ensemble:a,b,...");
        Training.Validate();
    }

    public void Save(string dir) => SettingsFile.Save(this, dir, FileName);

    public static StudySettings Load(string dir) => SettingsFile.Load<StudySettings>(dir, FileName, "study");
}
