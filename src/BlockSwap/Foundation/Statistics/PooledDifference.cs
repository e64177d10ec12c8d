using MathNet.Numerics.Distributions;

namespace BlockSwap.Foundation.Statistics;

/// <summary>
/// The average of several independent paired comparisons (one per budget), each weighted equally: the mean of their
/// means, with SE = √(Σ SEᵢ²) / k and Welch–Satterthwaite degrees of freedom (Σ SEᵢ²)² / Σ (SEᵢ⁴ / (nᵢ − 1)).
/// </summary>
public sealed record PooledDifference(int Comparisons, int Pairs, double Mean, double StandardError, double DegreesOfFreedom, Estimate Interval, double P)
{
    public static PooledDifference Of(IReadOnlyList<PairedComparison> parts)
    {
        var usable = parts.Where(c => c.Pairs >= 2).ToArray();
        if (usable.Length == 0)
            return new PooledDifference(parts.Count, parts.Sum(c => c.Pairs), parts.Count == 0 ? double.NaN : parts.Average(c => c.Mean), double.NaN, double.NaN,
                new Estimate(double.NaN, double.NaN, double.NaN), double.NaN);
        int k = usable.Length;
        double mean = usable.Average(c => c.Mean);
        var variances = usable.Select(c => c.Sd * c.Sd / c.Pairs).ToArray();
        double sum = variances.Sum();
        double se = Math.Sqrt(sum) / k;
        double df = sum == 0 ? usable.Sum(c => c.Pairs - 1) : sum * sum / usable.Select((c, i) => variances[i] * variances[i] / (c.Pairs - 1)).Sum();
        double half = se == 0 ? 0 : StudentT.InvCDF(0, 1, df, 0.975) * se;
        double p = se == 0 ? (mean == 0 ? 1 : 0) : 2 * StudentT.CDF(0, 1, df, -Math.Abs(mean / se));
        return new PooledDifference(k, usable.Sum(c => c.Pairs), mean, se, df, new Estimate(mean, mean - half, mean + half), p);
    }
}
