namespace BlockSwap.Foundation.Statistics;

/// <summary>
/// Classical test theory for noisy trained errors: a measurement = true value + independent noise, so two repeats
/// correlate with the measurement's reliability r, and no predictor can correlate with it beyond √r.
/// </summary>
public static class Reliability
{
    /// <summary>
    /// Spearman–Brown: the reliability of the mean of <paramref name="k"/> repeats whose single reliability is
    /// <paramref name="r"/>; 0 when repeats do not agree (r ≤ 0: a reliability is never negative, and the formula
    /// would give nonsense such as −12.9 for r = −0.87).
    /// </summary>
    public static double SpearmanBrown(double r, int k) => r <= 0 ? 0 : k * r / (1 + (k - 1) * r);

    /// <summary>The highest correlation any predictor can reach with a measurement of reliability <paramref name="r"/> (NaN when r ≤ 0).</summary>
    public static double Ceiling(double r) => r > 0 ? Math.Sqrt(Math.Min(1, r)) : double.NaN;

    /// <summary>A correlation corrected for the measurement's unreliability: ρ / √r (NaN when r ≤ 0).</summary>
    public static double Disattenuated(double rho, double r) => r > 0 ? rho / Math.Sqrt(Math.Min(1, r)) : double.NaN;
}
