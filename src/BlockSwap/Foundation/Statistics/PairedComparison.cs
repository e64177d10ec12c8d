using MathNet.Numerics.Distributions;

namespace BlockSwap.Foundation.Statistics;

/// <summary>
/// Two methods measured at the same seeds: the mean of the paired differences a − b with its 95 % t-interval, the
/// two-sided paired t-test, the exact Wilcoxon signed-rank test as a check at small n, and the smallest difference the
/// t-test would detect at 5 % with 80 % power given the observed spread (the minimum detectable difference).
/// </summary>
public sealed record PairedComparison(int Pairs, double Mean, double Sd, Estimate Interval, double TTestP, double WilcoxonP, double MinimumDetectable)
{
    /// <summary>Power at which <see cref="MinimumDetectable"/> is given.</summary>
    public const double Power = 0.8;

    public static PairedComparison Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired samples differ in length ({a.Count} and {b.Count})");
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        if (d.Length == 0) throw new ArgumentException("no pairs to compare");
        int n = d.Length;
        double mean = d.Average(), sd = Paired.StandardDeviation(d);
        return new PairedComparison(n, mean, sd, Paired.Difference(a, b), TTest(mean, sd, n), WilcoxonSignedRank(d), MinimumDetectableDifference(sd, n));
    }

    /// <summary>Two-sided p of the one-sample t-test of mean 0 (NaN below 2 pairs; with no spread, 1 for a zero mean and 0 otherwise).</summary>
    public static double TTest(double mean, double sd, int n)
    {
        if (n < 2) return double.NaN;
        if (sd == 0) return mean == 0 ? 1 : 0;
        double t = mean / (sd / Math.Sqrt(n));
        return 2 * StudentT.CDF(0, 1, n - 1, -Math.Abs(t));
    }

    /// <summary>(t₀.₉₇₅ + t₀.₈₀) · sd / √n with n − 1 degrees of freedom (NaN below 2 pairs).</summary>
    public static double MinimumDetectableDifference(double sd, int n) =>
        n < 2 ? double.NaN : (StudentT.InvCDF(0, 1, n - 1, 0.975) + StudentT.InvCDF(0, 1, n - 1, Power)) * sd / Math.Sqrt(n);

    /// <summary>
    /// Exact two-sided p of the Wilcoxon signed-rank test: zero differences dropped (Wilcoxon's rule), mid-ranks for tied
    /// magnitudes, and the statistic W⁺ compared with all 2ⁿ sign assignments; NaN with no non-zero difference, and
    /// above 24 non-zero differences (too many assignments to list; the t-test is then the one to read).
    /// </summary>
    public static double WilcoxonSignedRank(IReadOnlyList<double> differences)
    {
        var d = differences.Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0 || n > 24) return double.NaN;
        var ranks = Ranking.AverageRanks(d.Select(x => Math.Abs(x)).ToArray());
        double total = ranks.Sum(), wPlus = 0;
        for (int i = 0; i < n; i++) if (d[i] > 0) wPlus += ranks[i];
        // Distance from the centre of the null distribution; a tiny tolerance keeps mid-rank sums that are equal in exact
        // arithmetic equal in floating point.
        double observed = Math.Abs(wPlus - total / 2) - 1e-9;
        long atLeast = 0, all = 1L << n;
        for (long mask = 0; mask < all; mask++)
        {
            double w = 0;
            for (int i = 0; i < n; i++) if ((mask >> i & 1) != 0) w += ranks[i];
            if (Math.Abs(w - total / 2) >= observed) atLeast++;
        }
        return (double)atLeast / all;
    }
}
