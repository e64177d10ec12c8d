using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Study;
using BlockSwap.Methods.Training;

namespace BlockSwap.Cli.Commands;

/// <summary>Every option that decides a study (its candidates, scoring, trainings and teacher), read into one <see cref="StudySettings"/>.</summary>
internal sealed class StudyOptions
{
    private readonly ParsedOption<Architecture> arch = CliOptions.Arch();
    private readonly LimitOptions limits = new(budgetRequired: true, latencySetup: " (batch 1, one thread)");
    private readonly Option<int> candidates = new("--candidates") { Description = "Candidates sampled in the window (the Moonshine networks inside it are added)", DefaultValueFactory = _ => StudySettings.DefaultCandidates };
    private readonly Option<int> initSeeds = new("--init-seeds") { Description = "Initialisations each candidate is scored at (proxy noise)", DefaultValueFactory = _ => StudySettings.DefaultInitSeeds };
    private readonly Option<int> trainSeeds = new("--train-seeds") { Description = "Trainings per candidate (training noise; 2 or more gives the ceiling)", DefaultValueFactory = _ => StudySettings.DefaultTrainSeeds };
    private readonly RecipeOptions recipe = new(epochsRequired: true);
    private readonly Option<string?> teacher = new("--teacher") { Description = "Distil from this teacher (DIR/checkpoint or a PyTorch .pt of the reference's all-Conv network)" };
    private readonly Option<int?> teacherEpochs = new("--teacher-epochs") { Description = "Train the all-Conv teacher here, on the study's training split, for this many epochs" };
    private readonly Option<bool> noTeacher = new("--no-teacher") { Description = "Train every candidate with plain cross-entropy" };
    private readonly Option<int> validation = new("--validation-images") { Description = "Images held out from the training split for the correlations", DefaultValueFactory = _ => StudySettings.DefaultValidationImages };
    private readonly Option<int?> trainImages = new("--train-images") { Description = "Train on at most this many of the remaining training images (default: all)" };
    private readonly Option<int> scoreBatch = new("--score-batch-size") { Description = "Minibatch size for the proxies", DefaultValueFactory = _ => BlockSwap.Methods.Search.SearchSettings.DefaultBatchSize };
    private readonly Option<bool> sharedBatch = new("--shared-batch")
    {
        Description = "Score every candidate on the same minibatch at each initialisation, so scores differ by network only (false: a minibatch per candidate, as studies before release 0.7)",
        DefaultValueFactory = _ => true,
    };
    private readonly ListOption<BlockSwap.Methods.Study.StudyExtra> extras = new("--extra",
        "Also score and train a network of your own beside the sampled ones, LABEL=A,B,... (e.g. another search's pick): kept out of the correlations, reported with its rank and regret; repeatable",
        BlockSwap.Methods.Study.StudyExtra.Parse);
    private readonly ListOption<BlockSwap.Methods.Scoring.ProxyRanking> ensembles = new("--ensemble", "Also evaluate an ensemble (mean rank), e.g. --ensemble fisher,synflow; repeatable",
        e => BlockSwap.Methods.Scoring.ProxyRanking.Parse(e.StartsWith(BlockSwap.Methods.Scoring.ProxyRanking.EnsemblePrefix, StringComparison.OrdinalIgnoreCase) ? e : BlockSwap.Methods.Scoring.ProxyRanking.EnsemblePrefix + e));
    private readonly Option<int> inChannels = CliOptions.InChannels();
    private readonly Option<int?> inputSize = CliOptions.InputSize();
    private readonly ChoiceOption<WrapperPolicy> wrapper = CliOptions.Wrapper();
    private readonly Option<long> seed = CliOptions.Seed();
    private readonly Option<string> shard = new("--shard") { Description = "Run only slice I of N of the candidate list (I/N); combine with 'blockswap merge'", DefaultValueFactory = _ => "0/1" };

    public void AddTo(Command c)
    {
        c.Options.Add(arch);
        limits.AddTo(c);
        foreach (var o in new Option[] { candidates, initSeeds, trainSeeds, teacher, teacherEpochs, noTeacher, validation, trainImages, scoreBatch, sharedBatch, ensembles, extras, inChannels, inputSize, wrapper.Option, seed, shard })
            c.Options.Add(o);
        recipe.AddTo(c);
    }

    /// <summary>Channels and size for generated data and image folders.</summary>
    public ImageRequest ImageShape(ParseResult p) => CliOptions.ImageShape(p, inChannels, inputSize, p.Value(arch).InputSize);

    /// <summary>The candidates' training recipe (its seed seeds the data's split too), after checking the options that need no data.</summary>
    public TrainingOptions Training(ParseResult p)
    {
        int teacherChoices = (p.GetValue(teacher) is null ? 0 : 1) + (p.GetValue(teacherEpochs) is null ? 0 : 1) + (p.GetValue(noTeacher) ? 1 : 0);
        if (teacherChoices != 1)
            throw new BlockSwapException("give exactly one of --teacher DIR/checkpoint, --teacher-epochs N (train one here) and --no-teacher");
        return recipe.Read(p, p.GetValue(seed));
    }

    /// <summary>The settings, validated; the architecture takes the data's classes, channels and size.</summary>
    public StudySettings Read(ParseResult p, DataSplits data, TrainingOptions training)
    {
        var (si, sn) = BlockSwap.Methods.Search.Shards.Parse(p.Value(shard));
        var architecture = p.Value(arch).Reshaped(data.Classes, data.Channels, data.Size);
        var settings = new StudySettings
        {
            Architecture = architecture,
            Limits = limits.Read(p, architecture),
            Candidates = p.GetValue(candidates),
            Wrapper = wrapper.Read(p),
            Seed = p.GetValue(seed),
            Dataset = data.Name,
            InitSeeds = p.GetValue(initSeeds),
            TrainSeeds = p.GetValue(trainSeeds),
            ScoreBatchSize = p.GetValue(scoreBatch),
            SharedBatch = p.GetValue(sharedBatch),
            ValidationImages = p.GetValue(validation),
            TrainImages = p.GetValue(trainImages),
            Training = training,
            Teacher = p.GetValue(teacher),
            TeacherEpochs = p.GetValue(teacherEpochs),
            Extras = p.GetValue(extras) ?? [],
            Ensembles = p.GetValue(ensembles) ?? [],
            ShardIndex = si,
            ShardCount = sn,
        };
        settings.Validate();
        return settings;
    }
}
