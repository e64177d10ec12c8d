namespace BlockSwap.Foundation.Statistics;

/// <summary>A point estimate with a two-sided 95 % interval.</summary>
public sealed record Estimate(double Value, double Lower, double Upper)
{
    public bool Excludes(double x) => x < Lower || x > Upper;
    public override string ToString() => $"{Value:F3} [{Lower:F3}, {Upper:F3}]";
}

/// <summary>
/// Percentile bootstrap over items (candidates), seeded so the same data and seed give the same interval. A resample
/// on which the statistic is undefined (NaN, e.g. all values tied) is skipped.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 10_000;

    public static Estimate Interval(int items, Func<int[], double> statistic, long seed, int resamples = DefaultResamples)
    {
        var all = Enumerable.Range(0, items).ToArray();
        double value = statistic(all);
        var rng = new Random((int)(Runtime.Seeds.Derive(seed, "bootstrap") & 0x7FFF_FFFF));
        var draws = new List<double>(resamples);
        var idx = new int[items];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < items; i++) idx[i] = rng.Next(items);
            double s = statistic(idx);
            if (!double.IsNaN(s)) draws.Add(s);
        }
        if (draws.Count == 0) return new Estimate(value, double.NaN, double.NaN);
        draws.Sort();
        return new Estimate(value, Quantile(draws, 0.025), Quantile(draws, 0.975));
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The values at the given indices (a resample).</summary>
    public static double[] Take(IReadOnlyList<double> values, int[] idx) => idx.Select(i => values[i]).ToArray();
}
