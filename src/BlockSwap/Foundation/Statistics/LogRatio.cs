using MathNet.Numerics.Distributions;

namespace BlockSwap.Foundation.Statistics;

/// <summary>Ratios (such as one network's latency over another's) summarised on the log scale, where they are symmetric.</summary>
public static class LogRatio
{
    /// <summary>The geometric mean of positive ratios with the exponentiated 95 % t-interval of their logs (NaN bounds below 2).</summary>
    public static Estimate GeometricMean(IReadOnlyList<double> ratios)
    {
        if (ratios.Count == 0 || ratios.Any(r => !(r > 0))) throw new ArgumentException("ratios must be positive and at least one");
        var logs = ratios.Select(r => Math.Log(r)).ToArray();
        double m = logs.Average();
        if (logs.Length < 2) return new Estimate(Math.Exp(m), double.NaN, double.NaN);
        double half = StudentT.InvCDF(0, 1, logs.Length - 1, 0.975) * Paired.StandardDeviation(logs) / Math.Sqrt(logs.Length);
        return new Estimate(Math.Exp(m), Math.Exp(m - half), Math.Exp(m + half));
    }
}
