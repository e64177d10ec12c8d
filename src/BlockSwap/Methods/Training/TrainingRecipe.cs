namespace BlockSwap.Methods.Training;

/// <summary>
/// The recipe's defaults that depend on the input (docs/method.md, "Training recipe"). For 32×32 colour images they
/// are the paper's: Cutout 16 and cosine annealing stepped once per epoch. Elsewhere the paper's CIFAR choices hurt:
/// on 28×28 Fashion-MNIST a 16-pixel hole erases much of a centred garment, and a per-epoch cosine leaves a short run
/// at a quarter of its initial rate, so validation error jumps between epochs. There Cutout scales with the image
/// for colour inputs and is off for gray ones, and the rate anneals every step.
/// </summary>
public static class TrainingRecipe
{
    public const int PaperCutout = 16;
    public const int PaperSize = 32;

    /// <summary>True for the inputs the paper's recipe was made for: 32×32 colour images.</summary>
    public static bool IsPaperInput(int channels, int size) => channels == 3 && size == PaperSize;

    /// <summary>The Cutout side used when none is given.</summary>
    public static int DefaultCutout(int channels, int size) =>
        IsPaperInput(channels, size) ? PaperCutout : channels == 1 ? 0 : (int)Math.Round((double)PaperCutout * size / PaperSize);

    /// <summary>The schedule used when none is given.</summary>
    public static LrSchedule DefaultSchedule(int channels, int size) => IsPaperInput(channels, size) ? LrSchedule.Cosine : LrSchedule.CosineStep;

    /// <summary>The options with every input-dependent default filled in for images of this shape.</summary>
    public static TrainingOptions Fit(TrainingOptions o, int channels, int size) => o with
    {
        Cutout = o.Cutout ?? DefaultCutout(channels, size),
        Schedule = o.Schedule == LrSchedule.Auto ? DefaultSchedule(channels, size) : o.Schedule,
    };
}
