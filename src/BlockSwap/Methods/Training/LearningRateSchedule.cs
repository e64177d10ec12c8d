using System.Text.Json.Serialization;

namespace BlockSwap.Methods.Training;

/// <summary>How the learning rate falls over epochs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LrSchedule>))]
public enum LrSchedule
{
    /// <summary>Cosine annealing stepped once per epoch (the paper's).</summary>
    [JsonStringEnumMemberName("cosine")]
    Cosine,
    /// <summary>Cosine annealing stepped every update, reaching the minimum at the last step (fits short runs).</summary>
    [JsonStringEnumMemberName("cosine-step")]
    CosineStep,
    /// <summary>Chosen from the input: cosine for 32×32 colour images (the paper's), cosine-step otherwise (<see cref="TrainingRecipe"/>).</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,
    /// <summary>Multiplied by a factor at each milestone epoch (the reference's earlier epoch_step recipe).</summary>
    [JsonStringEnumMemberName("step")]
    Step,
}

/// <summary>
/// The learning rate of every step (docs/method.md, "Training recipe"). Cosine: lr(e) = min + (lr0 − min)·(1 + cos(π·e/E))/2,
/// stepped once per epoch; cosine-step: the same with e = epoch + step / steps per epoch, so a 3-epoch run ends annealed
/// instead of at a quarter of the initial rate. Step: lr0 · γ^(milestones ≤ e). Optional linear warm-up over the first W epochs, per step:
/// the rate is multiplied by (global step + 1) / (W · steps per epoch) until that reaches 1.
/// </summary>
public sealed class LearningRateSchedule(TrainingOptions options, int stepsPerEpoch)
{
    private readonly int[] milestones = options.Milestones;

    /// <summary>The rate of epoch <paramref name="epoch"/> before warm-up.</summary>
    public double Base(int epoch) => options.Schedule switch
    {
        LrSchedule.Cosine or LrSchedule.CosineStep => Cosine(epoch),
        LrSchedule.Step => options.Lr * Math.Pow(options.StepGamma, milestones.Count(m => m <= epoch)),
        _ => throw new InvalidOperationException($"schedule {options.Schedule} must be resolved for the input first (TrainingRecipe.Fit)"),
    };

    private double Cosine(double epoch) => options.MinLr + (options.Lr - options.MinLr) * (1 + Math.Cos(Math.PI * epoch / options.Epochs)) / 2;

    /// <summary>The rate of step <paramref name="step"/> of epoch <paramref name="epoch"/>.</summary>
    public double At(int epoch, int step)
    {
        double lr = options.Schedule == LrSchedule.CosineStep ? Cosine(epoch + (double)(step + 1) / stepsPerEpoch) : Base(epoch);
        if (options.WarmupEpochs <= 0) return lr;
        double progress = (epoch * (double)stepsPerEpoch + step + 1) / (options.WarmupEpochs * stepsPerEpoch);
        return progress < 1 ? lr * progress : lr;
    }
}
