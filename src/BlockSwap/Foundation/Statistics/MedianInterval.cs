using MathNet.Numerics.Distributions;

namespace BlockSwap.Foundation.Statistics;

/// <summary>
/// A distribution-free 95 % interval for a median from order statistics: with n observations sorted, [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎]
/// for the largest k with P(Binomial(n, ½) ≤ k − 1) ≤ 0.025, which covers the median with probability ≥ 95 % whatever
/// the distribution (timings are skewed, so a t-interval would not do). Below 6 observations no such k exists and the
/// interval is the range, whose coverage is then less than 95 % (Covers95 is false).
/// </summary>
public static class MedianInterval
{
    public static (Estimate Interval, bool Covers95) Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values");
        var x = values.ToArray();
        int n = x.Length;
        double median = Median.OfInPlace(x);
        int k = Rank(n);
        return k == 0 ? (new Estimate(median, x[0], x[^1]), false) : (new Estimate(median, x[k - 1], x[n - k]), true);
    }

    /// <summary>The 1-based rank k of the lower bound, or 0 when n is too small for a 95 % interval.</summary>
    public static int Rank(int n)
    {
        // Stops by k = n / 2 at the latest, where the binomial CDF passes ½.
        int k = 0;
        while (Binomial.CDF(0.5, n, k) <= 0.025) k++;
        return k;
    }

    /// <summary>The interval's half-width relative to the median, (upper − lower) / 2 / median.</summary>
    public static double RelativeHalfWidth(Estimate e) => (e.Upper - e.Lower) / 2 / e.Value;
}
