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
    /// magnitudes, and the statistic W⁺ compared with its distribution over all 2ⁿ sign assignments; NaN with no non-zero
    /// difference, and above 50 (where the counts would pass what a double holds exactly; the t-test is then the one to read).
    /// </summary>
    public static double WilcoxonSignedRank(IReadOnlyList<double> differences)
    {
        var d = differences.Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0 || n > 50) return double.NaN;
        // Mid-ranks are multiples of ½, so twice a rank is an integer and the distribution of 2W⁺ is counted exactly, one
        // rank at a time (each either in W⁺ or not): n · n(n + 1) steps instead of n · 2ⁿ.
        var twice = Ranking.AverageRanks(d.Select(x => Math.Abs(x)).ToArray()).Select(r => (int)Math.Round(2 * r)).ToArray();
        int total = twice.Sum(), wPlus = 0;
        for (int i = 0; i < n; i++) if (d[i] > 0) wPlus += twice[i];
        var ways = new double[total + 1];
        ways[0] = 1;
        int reach = 0;
        foreach (int r in twice)
        {
            reach += r;
            for (int s = reach; s >= r; s--) ways[s] += ways[s - r];
        }
        // Two-sided: as far from the centre total / 2 as the observed W⁺, on either side (compared at twice the scale).
        int observed = Math.Abs(2 * wPlus - total);
        double atLeast = 0;
        for (int s = 0; s <= total; s++) if (Math.Abs(2 * s - total) >= observed) atLeast += ways[s];
        return atLeast / Math.Pow(2, n);
    }
}
