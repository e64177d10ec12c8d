namespace BlockSwap.Training;

/// <summary>The recipe (docs/method.md, "Training recipe"); defaults are the paper's.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 200;
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
    public int Cutout { get; init; } = 16;

    public void Validate()
    {
        if (Epochs < 1) throw new BlockSwapException($"epochs {Epochs} is invalid: train for at least 1 epoch");
        if (!(Lr > 0)) throw new BlockSwapException($"learning rate {Lr} is invalid: use a positive learning rate such as 0.1");
        if (Momentum is < 0 or >= 1) throw new BlockSwapException($"momentum {Momentum} is invalid: use a value in [0, 1)");
        if (WeightDecay < 0) throw new BlockSwapException($"weight decay {WeightDecay} is invalid: use 0 or a positive value");
        if (BatchSize < 1) throw new BlockSwapException($"batch size {BatchSize} is invalid: use a positive number");
        if (AtBeta < 0) throw new BlockSwapException($"attention-transfer beta {AtBeta} is invalid: use 0 or a positive weight");
        if (KdAlpha is < 0 or > 1) throw new BlockSwapException($"distillation alpha {KdAlpha} is invalid: use a value in [0, 1]");
        if (!(KdTemperature > 0)) throw new BlockSwapException($"distillation temperature {KdTemperature} is invalid: use a positive temperature");
    }
}
