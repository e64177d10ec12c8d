using System.CommandLine;
using BlockSwap.Methods.Training;

namespace BlockSwap.Cli.Commands;

/// <summary>The training recipe; every default is <see cref="TrainingOptions"/>'.</summary>
internal sealed class RecipeOptions(bool epochsRequired, bool keep = false)
{
    private static readonly TrainingOptions Recipe = new();

    public Option<int> Epochs { get; } = epochsRequired
        ? new("--epochs") { Description = "Epochs", Required = true }
        : new("--epochs") { Description = "Training epochs of every network", DefaultValueFactory = _ => Recipe.Epochs };
    public ChoiceOption<OptimiserKind> Optimiser { get; } = new("--optimizer", "sgd (momentum, the paper's) or adamw (decoupled weight decay; β 0.9, 0.999)",
        Recipe.Optimiser, "optimizer");
    public Option<double?> Lr { get; } = new("--lr")
    {
        Description = $"Initial learning rate (annealed to {Recipe.MinLr}; default {Optimisers.Defaults(OptimiserKind.Sgd).Lr} with sgd, {Optimisers.Defaults(OptimiserKind.AdamW).Lr} with adamw)",
    };
    public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD momentum (sgd only)", DefaultValueFactory = _ => Recipe.Momentum };
    public Option<double?> WeightDecay { get; } = new("--weight-decay")
    {
        Description = $"Weight decay on every parameter (default {Optimisers.Defaults(OptimiserKind.Sgd).WeightDecay} with sgd, {Optimisers.Defaults(OptimiserKind.AdamW).WeightDecay} with adamw)",
    };
    public Option<int> BatchSize { get; } = CliOptions.BatchSize("Batch size", Recipe.BatchSize);
    public Option<int?> Cutout { get; } = new("--cutout")
    {
        Description = $"Cutout side in pixels (0 = off; default: the paper's {TrainingRecipe.PaperCutout} on 32×32 colour images, off on gray ones, scaled to the side on other colour images)",
    };
    public Option<double> AtBeta { get; } = new("--at-beta") { Description = "Attention-transfer β (weight per group-output pair = β·3/pairs)", DefaultValueFactory = _ => Recipe.AtBeta };
    public Option<double> KdAlpha { get; } = new("--kd-alpha") { Description = "Logit-distillation weight α (0 = off, as the paper)", DefaultValueFactory = _ => Recipe.KdAlpha };
    public Option<double> KdTemperature { get; } = new("--kd-temperature") { Description = "Logit-distillation temperature τ", DefaultValueFactory = _ => Recipe.KdTemperature };
    public ChoiceOption<LrSchedule> Schedule { get; } = new("--schedule",
        "Learning-rate schedule: cosine (the paper's, stepped per epoch), cosine-step (annealed every step, for short runs), step (× --step-gamma at each of --milestones), or auto (cosine on 32×32 colour images, cosine-step otherwise)",
        LrSchedule.Auto, "schedule");
    public ParsedOption<StepMilestones> Milestones { get; } = new("--milestones", "Epochs where the step schedule decays the rate",
        StepMilestones.Parse, m => m.ToString(), () => StepMilestones.Default);
    public Option<double> StepGamma { get; } = new("--step-gamma") { Description = "Decay factor of the step schedule", DefaultValueFactory = _ => Recipe.StepGamma };
    public Option<double> Warmup { get; } = new("--warmup-epochs") { Description = "Linear learning-rate warm-up over this many epochs (per step; 0 = none)", DefaultValueFactory = _ => Recipe.WarmupEpochs };
    public ChoiceOption<BlockSwap.Data.AugmentPolicy> Augment { get; } = new("--augment",
        "Automatic augmentation per training image, torchvision's: none, trivialaugment (TrivialAugment Wide) or randaugment (2 operations at strength 9)",
        BlockSwap.Data.AugmentPolicy.None, "augmentation policy");
    public Option<double> Mixup { get; } = new("--mixup") { Description = "Mixup: blend each image with another of the batch, λ ~ Beta(α, α) (0 = off; e.g. 0.2)", DefaultValueFactory = _ => 0 };
    public Option<double> CutMix { get; } = new("--cutmix") { Description = "CutMix: paste a box of another image of the batch, λ ~ Beta(α, α) (0 = off; e.g. 1.0; with --mixup, one of them per batch)", DefaultValueFactory = _ => 0 };
    public Option<double> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing ε of the cross-entropy (0 = none)", DefaultValueFactory = _ => Recipe.LabelSmoothing };
    public Option<int> MicroBatches { get; } = new("--micro-batches")
    {
        Description = "Compute each batch in this many parts, one after another, summing gradients (less memory; BN normalises each part alone, as each rank does under mpirun)",
        DefaultValueFactory = _ => 1,
    };
    public ParsedOption<BlockSwap.Foundation.Runtime.LayoutChoice> Layout { get; } = CliOptions.Layout("channels-last for training");
    public ChoiceOption<BlockSwap.Foundation.Runtime.BatchNormKernel> BatchNorm { get; } = CliOptions.BatchNormKernel(Recipe.BatchNorm, "libtorch's is faster on small feature maps");
    public ChoiceOption<BlockSwap.Foundation.Runtime.Precision> TeacherPrecision { get; } = new("--teacher-precision",
        "Arithmetic of the frozen teacher in AT and KD: fp32, or bf16 (faster on CPUs with AVX-512 bf16 and on recent GPUs; its attention maps move by about 0.5 %, docs/performance.md)",
        Recipe.TeacherPrecision, "teacher precision");
    public ChoiceOption<BlockSwap.Foundation.Runtime.Precision> Precision { get; } = new("--precision",
        "Arithmetic of the network being trained: fp32, or bf16 (its convolutions in bfloat16, master weights, optimiser and batch-norm statistics in float32; faster for dense networks on CPUs with AVX-512 bf16, but a WRN-16-1 ended 0.3 points worse, docs/experiments/train-bf16)",
        Recipe.Precision, "precision");
    public Option<bool> Amp { get; } = new("--amp")
    {
        Description = "Mixed precision, as timm's --amp: --precision bf16 where the CPU computes in bfloat16 (AVX-512 BF16 or AMX) or on a GPU; elsewhere float32, with a note",
    };
    public Option<double> EmaDecay { get; } = new("--ema-decay") { Description = "Evaluate an exponential moving average of the weights with this decay, e.g. 0.999 (0 = off); also writes model-ema.pt", DefaultValueFactory = _ => Recipe.EmaDecay };

    public Option<int> ValidationImages { get; } = new("--val-images")
    {
        Description = "Hold this many images out of the training split (seeded) and report their error every epoch (0 = none)", DefaultValueFactory = _ => 0,
    };
    public ChoiceOption<KeepEpoch> Keep { get; } = new("--keep", "Which epoch's weights the run keeps: last, or best (lowest validation error; needs --val-images)",
        KeepEpoch.Last, "--keep choice");

    public void AddTo(Command c)
    {
        if (keep)
        {
            c.Options.Add(ValidationImages);
            c.Options.Add(Keep.Option);
        }
        foreach (var o in new Option[] { Epochs, Optimiser.Option, Lr, Momentum, WeightDecay, BatchSize, Cutout, AtBeta, KdAlpha, KdTemperature, Schedule.Option, Milestones, StepGamma, Warmup, LabelSmoothing, Augment.Option, Mixup, CutMix, EmaDecay, MicroBatches, Layout, BatchNorm.Option, TeacherPrecision.Option, Precision.Option, Amp })
            c.Options.Add(o);
    }

    public TrainingOptions Read(ParseResult p, long seed)
    {
        var optimiser = Optimiser.Read(p);
        var (lr, weightDecay) = Optimisers.Defaults(optimiser);
        return new()
        {
            Epochs = p.GetValue(Epochs), Optimiser = optimiser, Lr = p.GetValue(Lr) ?? lr, Momentum = p.GetValue(Momentum), WeightDecay = p.GetValue(WeightDecay) ?? weightDecay,
            BatchSize = p.GetValue(BatchSize), Seed = seed, AtBeta = p.GetValue(AtBeta), KdAlpha = p.GetValue(KdAlpha),
            KdTemperature = p.GetValue(KdTemperature), Cutout = p.GetValue(Cutout),
            Schedule = Schedule.Read(p),
            StepMilestones = p.Value(Milestones), StepGamma = p.GetValue(StepGamma), WarmupEpochs = p.GetValue(Warmup),
            LabelSmoothing = p.GetValue(LabelSmoothing), Augment = Augment.Read(p),
            Mixup = p.GetValue(Mixup), CutMix = p.GetValue(CutMix), EmaDecay = p.GetValue(EmaDecay), MicroBatches = p.GetValue(MicroBatches),
            Layout = p.Value(Layout).Resolve(BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast),
            BatchNorm = BatchNorm.Read(p),
            TeacherPrecision = TeacherPrecision.Read(p),
            Precision = ReadPrecision(p),
            ValidationImages = keep ? p.GetValue(ValidationImages) : 0,
            Keep = keep ? Keep.Read(p) : KeepEpoch.Last,
        };
    }

    /// <summary>--precision, or what --amp means on this machine.</summary>
    private BlockSwap.Foundation.Runtime.Precision ReadPrecision(ParseResult p)
    {
        if (!p.GetValue(Amp)) return Precision.Read(p);
        if (p.GetResult(Precision.Option) is { Implicit: false })
            throw new BlockSwapException("--amp and --precision both set the arithmetic; give one of them");
        // --device is typed (it was read as a string here once, and --amp crashed with a cast error).
        bool gpu = p.CommandResult.Command.Options.OfType<Option<BlockSwap.Foundation.Runtime.DeviceChoice>>().FirstOrDefault(o => o.Name == "--device") is { } device
                   && p.GetValue(device)?.Cuda == true;
        var precision = BlockSwap.Foundation.Runtime.MixedPrecision.Resolve(gpu, out var note);
        if (note is not null) Console.Error.WriteLine($"note: {note}");
        return precision;
    }
}
