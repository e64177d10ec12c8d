namespace BlockSwap.Statistics;

/// <summary>p-values of rank correlations and their correction for several tests.</summary>
public static class Significance
{
    /// <summary>
    /// Two-sided p-value of Spearman's ρ over <paramref name="n"/> items by the t approximation
    /// t = ρ·√((n − 2)/(1 − ρ²)) with n − 2 degrees of freedom (as scipy.stats.spearmanr); NaN below 3 items.
    /// </summary>
    public static double SpearmanP(double rho, int n)
    {
        if (n < 3 || double.IsNaN(rho)) return double.NaN;
        if (Math.Abs(rho) >= 1) return 0;
        double t = rho * Math.Sqrt((n - 2) / (1 - rho * rho));
        return 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, n - 2, -Math.Abs(t));
    }

    /// <summary>Holm–Bonferroni adjusted p-values (step-down, monotone, capped at 1), in the input order; NaN stays NaN.</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        var order = Enumerable.Range(0, p.Count).Where(i => !double.IsNaN(p[i])).OrderBy(i => p[i]).ToArray();
        var adjusted = Enumerable.Repeat(double.NaN, p.Count).ToArray();
        double running = 0;
        for (int k = 0; k < order.Length; k++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}
