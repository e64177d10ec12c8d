namespace BlockSwap.Methods.Training;

/// <summary>The recipe (docs/method.md, "Training recipe"); defaults are the paper's.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 200;
    /// <summary>Images held out of the training split (seeded) and evaluated every epoch (0 = none).</summary>
    public int ValidationImages { get; init; }
    /// <summary>Which epoch's weights the run keeps: the last, or the best by validation error.</summary>
    public KeepEpoch Keep { get; init; } = KeepEpoch.Last;
    public OptimiserKind Optimiser { get; init; } = OptimiserKind.Sgd;
    public double Lr { get; init; } = 0.1;
    public double MinLr { get; init; } = 1e-10;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public int BatchSize { get; init; } = 128;
    public long Seed { get; init; } = 1;
    /// <summary>Attention-transfer β (docs/method.md, "Training recipe"); used only with a teacher.</summary>
    public double AtBeta { get; init; } = 1000;
    public double KdAlpha { get; init; }
    public double KdTemperature { get; init; } = 4;
    /// <summary>Cutout side in pixels (0 = off); null: chosen from the input by <see cref="TrainingRecipe"/>.</summary>
    public int? Cutout { get; init; }
    /// <summary>Learning-rate schedule; <see cref="LrSchedule.Auto"/>: chosen from the input by <see cref="TrainingRecipe"/>.</summary>
    public LrSchedule Schedule { get; init; } = LrSchedule.Auto;
    /// <summary>Epochs at which the step schedule multiplies the rate by <see cref="StepGamma"/> (comma-separated).</summary>
    public StepMilestones StepMilestones { get; init; } = StepMilestones.Default;
    public double StepGamma { get; init; } = 0.2;
    /// <summary>Linear warm-up length in epochs (0 = none).</summary>
    public double WarmupEpochs { get; init; }
    /// <summary>An automatic augmentation policy applied to each training image (torchvision's; none by default).</summary>
    public Data.AugmentPolicy Augment { get; init; } = Data.AugmentPolicy.None;
    /// <summary>Mixup and CutMix Beta(α, α) parameters (0 = off; both on: one of them per batch), as <see cref="BatchMix"/> applies them.</summary>
    public double Mixup { get; init; }
    public double CutMix { get; init; }
    /// <summary>Label smoothing ε of the cross-entropy (0 = none).</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>Decay of an exponential moving average of the weights used for evaluation (0 = none; e.g. 0.999).</summary>
    public double EmaDecay { get; init; }
    /// <summary>Parts each batch is computed in, one after another, gradients summed (BN normalises each part alone).</summary>
    public int MicroBatches { get; init; } = 1;
    /// <summary>Memory layout of the training batches (channels-last: faster on CPU; see docs/performance.md).</summary>
    public BlockSwap.Foundation.Runtime.MemoryLayout Layout { get; init; } = BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast;
    /// <summary>A checkpoint of the same network whose weights the run starts from (fine-tuning); null: the seeded initialisation.</summary>
    public string? InitFrom { get; init; }
    /// <summary>Batch-norm kernel on channels-last batches (libtorch's: faster on small maps; float64: scoring's exact sums).</summary>
    public BlockSwap.Foundation.Runtime.BatchNormKernel BatchNorm { get; init; } = BlockSwap.Foundation.Runtime.BatchNormKernel.LibTorch;
    /// <summary>
    /// Arithmetic of the frozen teacher's forward pass in AT and KD (bf16: its weights rounded once, its attention maps and
    /// logits returned in float32; the student trains in float32 either way).
    /// </summary>
    public BlockSwap.Foundation.Runtime.Precision TeacherPrecision { get; init; } = BlockSwap.Foundation.Runtime.Precision.Fp32;
    /// <summary>
    /// Arithmetic of the student's forward and backward passes (bf16: a working copy with bf16 convolutions, the master
    /// weights, optimiser and batch-norm statistics in float32; see <see cref="Bf16Student"/>).
    /// </summary>
    public BlockSwap.Foundation.Runtime.Precision Precision { get; init; } = BlockSwap.Foundation.Runtime.Precision.Fp32;

    /// <summary>
    /// The recipe in one sentence, as a report prints it, e.g. "SGD momentum 0.9, weight decay 0.0005, lr 0.1 cosine to
    /// 1E-10 stepped per update, batch 128, 10 epochs (teacher 15), crop+flip, no cutout, AT β=1000".
    /// </summary>
    public string Describe(int? teacherEpochs = null) =>
        (Optimiser == OptimiserKind.AdamW ? "AdamW" : $"SGD momentum {Momentum}") + $", weight decay {WeightDecay}, lr {Lr} " +
        (Schedule switch
        {
            LrSchedule.Cosine => $"cosine to {MinLr} stepped per epoch",
            LrSchedule.CosineStep => $"cosine to {MinLr} stepped per update",
            LrSchedule.Step => $"× {StepGamma} at epochs {StepMilestones}",
            _ => "schedule chosen from the input",
        }) +
        (WarmupEpochs > 0 ? $" after {WarmupEpochs} warm-up epochs" : "") + $", batch {BatchSize}, " +
        (LabelSmoothing > 0 ? $"label smoothing {LabelSmoothing}, " : "") + (EmaDecay > 0 ? $"weight EMA {EmaDecay} evaluated, " : "") +
        $"{Plural.Of(Epochs, "epoch")}" + (teacherEpochs is { } te ? $" (teacher {te})" : "") +
        $", crop+flip{(Cutout > 0 ? $"+cutout {Cutout}" : ", no cutout")}, AT β={AtBeta}" + (KdAlpha > 0 ? $", KD α={KdAlpha} τ={KdTemperature}" : "");

    /// <summary>Sets how a trained network computes: this recipe's layout and batch-norm kernel.</summary>
    public void Configure(BlockSwap.Engine.Modules.ComputeSettings compute)
    {
        compute.Layout = Layout;
        compute.BatchNorm = BatchNorm;
    }

    /// <summary>The milestones of the step schedule, as epochs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int[] Milestones => StepMilestones.Epochs.ToArray();

    public void Validate()
    {
        if (Epochs < 1) throw new BlockSwapException($"epochs {Epochs} is invalid: train for at least 1 epoch");
        if (!(Lr > 0) || double.IsInfinity(Lr)) throw new BlockSwapException($"learning rate {Lr} is invalid: use a positive learning rate such as 0.1");
        if (!(Momentum >= 0 && Momentum < 1)) throw new BlockSwapException($"momentum {Momentum} is invalid: use a value in [0, 1)");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new BlockSwapException($"weight decay {WeightDecay} is invalid: use 0 or a positive value");
        if (BatchSize < 1) throw new BlockSwapException($"batch size {BatchSize} is invalid: use a positive number");
        if (!(AtBeta >= 0) || double.IsInfinity(AtBeta)) throw new BlockSwapException($"attention-transfer beta {AtBeta} is invalid: use 0 or a positive weight");
        if (!(KdAlpha >= 0 && KdAlpha <= 1)) throw new BlockSwapException($"distillation alpha {KdAlpha} is invalid: use a value in [0, 1]");
        if (!(KdTemperature > 0) || double.IsInfinity(KdTemperature)) throw new BlockSwapException($"distillation temperature {KdTemperature} is invalid: use a positive temperature");
        if (Cutout < 0) throw new BlockSwapException($"cutout {Cutout} is invalid: use 0 (off) or a positive side in pixels");
        if (!(StepGamma > 0) || double.IsInfinity(StepGamma)) throw new BlockSwapException($"step decay {StepGamma} is invalid: use a positive factor such as 0.2");
        if (!(WarmupEpochs >= 0 && WarmupEpochs <= Epochs)) throw new BlockSwapException($"warm-up of {WarmupEpochs} epochs is invalid: use 0 to {Epochs}");
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1)) throw new BlockSwapException($"label smoothing {LabelSmoothing} is invalid: use a value in [0, 1)");
        if (MicroBatches < 1 || MicroBatches > BatchSize) throw new BlockSwapException($"{MicroBatches} micro-batches is invalid: use 1 up to the batch size {BatchSize}");
        if (ValidationImages < 0) throw new BlockSwapException($"--val-images {ValidationImages} is invalid: hold out 0 (none) or more training images");
        if (Keep == KeepEpoch.Best && ValidationImages == 0)
            throw new BlockSwapException("--keep best chooses the epoch by validation error: also give --val-images N (images held out of the training split)");
        if (!(Mixup >= 0) || double.IsInfinity(Mixup)) throw new BlockSwapException($"--mixup {Mixup} is invalid: use 0 (off) or a positive α such as 0.2");
        if (!(CutMix >= 0) || double.IsInfinity(CutMix)) throw new BlockSwapException($"--cutmix {CutMix} is invalid: use 0 (off) or a positive α such as 1.0");
        if (!(EmaDecay >= 0 && EmaDecay < 1)) throw new BlockSwapException($"EMA decay {EmaDecay} is invalid: use 0 (off) or a value in (0, 1) such as 0.999");
    }
}
