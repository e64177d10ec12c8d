namespace BlockSwap.Foundation.Statistics;

/// <summary>p-values of rank correlations and their correction for several tests.</summary>
public static class Significance
{
    /// <summary>Below this many items the p-value is exact (every permutation); from it on, the t approximation.</summary>
    public const int ExactBelow = 10;

    /// <summary>
    /// Two-sided p-value of Spearman's ρ over <paramref name="n"/> items: exact below <see cref="ExactBelow"/> items (the
    /// share of the n! rank permutations whose |ρ| is at least as large), otherwise the t approximation
    /// t = ρ·√((n − 2)/(1 − ρ²)) with n − 2 degrees of freedom (as scipy.stats.spearmanr); NaN below 3 items. The t
    /// approximation fails at small n: ρ = 1 over 4 items gives p = 0 by t, but 2/24 = 0.083 exactly, so a toy study
    /// once reported a "significant" proxy.
    /// </summary>
    public static double SpearmanP(double rho, int n)
    {
        if (n < 3 || double.IsNaN(rho)) return double.NaN;
        if (n < ExactBelow) return ExactSpearmanP(rho, n);
        if (Math.Abs(rho) >= 1) return 0;
        double t = rho * Math.Sqrt((n - 2) / (1 - rho * rho));
        return 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, n - 2, -Math.Abs(t));
    }

    private static double ExactSpearmanP(double rho, int n)
    {
        var ranks = Enumerable.Range(0, n).ToArray();
        double scale = n * ((double)n * n - 1), threshold = Math.Abs(rho) - 1e-12;
        long atLeast = 0, all = 0;
        foreach (var perm in Permutations(ranks, 0))
        {
            double d2 = 0;
            for (int i = 0; i < n; i++) d2 += (double)(perm[i] - i) * (perm[i] - i);
            if (Math.Abs(1 - 6 * d2 / scale) >= threshold) atLeast++;
            all++;
        }
        return (double)atLeast / all;
    }

    /// <summary>Every ordering of <paramref name="items"/> (in place, Heap-style swaps; each yielded state is one permutation).</summary>
    private static IEnumerable<int[]> Permutations(int[] items, int k)
    {
        if (k == items.Length - 1)
        {
            yield return items;
            yield break;
        }
        for (int i = k; i < items.Length; i++)
        {
            (items[k], items[i]) = (items[i], items[k]);
            foreach (var p in Permutations(items, k + 1)) yield return p;
            (items[k], items[i]) = (items[i], items[k]);
        }
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
