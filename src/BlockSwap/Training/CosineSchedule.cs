namespace BlockSwap.Training;

/// <summary>Cosine annealing stepped once per epoch (docs/method.md, "Training recipe"): lr(e) = min + (lr0 − min)·(1 + cos(π·e/E))/2.</summary>
public sealed record CosineSchedule(double InitialLr, int Epochs, double MinLr = 1e-10)
{
    public double At(int epoch) => MinLr + (InitialLr - MinLr) * (1 + Math.Cos(Math.PI * epoch / Epochs)) / 2;
}
