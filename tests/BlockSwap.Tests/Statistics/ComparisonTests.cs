using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Tests.Statistics;

/// <summary>The paired comparison behind run's report; reference values from scipy 1.10 (stats.ttest_rel, wilcoxon, t.ppf).</summary>
public class ComparisonTests
{
    private static readonly double[] A = [7.76, 7.90, 8.15, 7.97, 7.81, 8.02, 7.70, 7.95];
    private static readonly double[] B = [7.80, 7.74, 7.90, 8.21, 7.85, 7.79, 7.66, 7.99];

    [Fact]
    public void PairedComparison_MatchesScipy()
    {
        var c = PairedComparison.Of(A, B);
        Assert.Equal(8, c.Pairs);
        Assert.Equal(0.04, c.Mean, 12);
        Assert.Equal(0.16570196998570333, c.Sd, 10);
        Assert.Equal(0.5167010402939495, c.TTestP, 8);           // stats.ttest_rel(a, b).pvalue
        Assert.Equal(0.19102375633779503, c.MinimumDetectable, 8); // (t.ppf(.975, 7) + t.ppf(.8, 7)) · sd / √8
        Assert.Equal(0.6640625, c.WilcoxonP, 12);                 // 170 of the 256 sign flips, mid-ranks for the three tied 0.04s
        Assert.True(c.Interval.Lower < 0 && c.Interval.Upper > 0);
    }

    [Fact]
    public void Wilcoxon_WithoutTies_IsScipysExactTest()
    {
        Assert.Equal(0.15625, PairedComparison.WilcoxonSignedRank([0.5, -0.2, 0.9, 1.3, -0.4, 0.7, 0.1]), 12); // wilcoxon(d, method='exact')
        Assert.Equal(2.0 / 32, PairedComparison.WilcoxonSignedRank([1, 2, 3, 4, 5]), 12);                      // all positive: only the two extremes
        Assert.Equal(1, PairedComparison.WilcoxonSignedRank([0, 0, 1, -1]), 12);                                // zeros dropped, ±1 symmetric
        Assert.True(double.IsNaN(PairedComparison.WilcoxonSignedRank([0, 0])));
        // Larger samples, where listing all 2ⁿ assignments is out of reach (scipy 1.10 wilcoxon(d, method='exact')).
        double[] Alternating(int n, int every) => [.. Enumerable.Range(1, n).Select(i => i % every == 0 ? -(double)i : i)];
        Assert.Equal(0.2405325174331665, PairedComparison.WilcoxonSignedRank(Alternating(24, 3)), 12);
        Assert.Equal(0.06616061626664305, PairedComparison.WilcoxonSignedRank(Alternating(40, 3)), 12);
        Assert.Equal(0.0013303578723942167, PairedComparison.WilcoxonSignedRank(Alternating(50, 4)), 12);
    }

    [Fact]
    public void Wilcoxon_WithTies_CountsEverySignAssignment()
    {
        // Mid-ranks for tied magnitudes: checked against listing all 2¹² sign assignments one by one.
        double[] d = [0.3, -0.3, 0.3, 1.1, -0.7, 0.7, 2.0, -2.0, 0.5, 0.9, -1.4, 0.3];
        var ranks = Ranking.AverageRanks([.. d.Select(Math.Abs)]);
        double centre = ranks.Sum() / 2, observed = Math.Abs(d.Select((x, i) => x > 0 ? ranks[i] : 0).Sum() - centre);
        int atLeast = 0;
        for (int mask = 0; mask < 1 << d.Length; mask++)
        {
            double w = Enumerable.Range(0, d.Length).Where(i => (mask >> i & 1) == 1).Sum(i => ranks[i]);
            if (Math.Abs(w - centre) >= observed - 1e-9) atLeast++;
        }
        Assert.Equal((double)atLeast / (1 << d.Length), PairedComparison.WilcoxonSignedRank(d), 15);
        Assert.InRange(atLeast, 1, (1 << d.Length) - 1);   // a case inside the distribution, not at an end
    }

    [Fact]
    public void TTest_EdgeCases()
    {
        Assert.True(double.IsNaN(PairedComparison.TTest(1, 0, 1)));
        Assert.Equal(1, PairedComparison.TTest(0, 0, 5));
        Assert.Equal(0, PairedComparison.TTest(0.3, 0, 5));
    }

    [Fact]
    public void Verdict_FollowsTheDeclaredRule()
    {
        // Significant: better or worse by the sign; inside the margin as well, "by less than the margin".
        Assert.Equal(Verdict.Better, Verdicts.Of(-0.5, new Estimate(-0.5, -0.8, -0.2), 0.01, 0.25));
        Assert.Equal(Verdict.Worse, Verdicts.Of(0.5, new Estimate(0.5, 0.2, 0.8), 0.01, 0.25));
        Assert.Equal("better (by less than the margin)", Verdicts.Describe(Verdict.Better, new Estimate(-0.1, -0.2, -0.05), 0.25));
        // Not significant: equal only when the whole interval is inside ±margin.
        Assert.Equal(Verdict.Equal, Verdicts.Of(0.01, new Estimate(0.01, -0.18, 0.19), 0.94, 0.25));
        Assert.Equal(Verdict.CannotTell, Verdicts.Of(0.01, new Estimate(0.01, -0.26, 0.19), 0.94, 0.25));
        Assert.Equal(Verdict.Equal, Verdicts.Of(0, new Estimate(0, -0.25, 0.25), 1, 0.25)); // the bounds themselves count as inside
        // A significant result decided on the adjusted p: 0.04 raw but 0.16 after Holm is not "better".
        Assert.Equal(Verdict.CannotTell, Verdicts.Of(-0.5, new Estimate(-0.5, -0.9, -0.1), 0.16, 0.25));
        Assert.Throws<ArgumentOutOfRangeException>(() => Verdicts.Of(0, new Estimate(0, -1, 1), 1, -0.1));
    }

    [Fact]
    public void PooledDifference_IsTheEqualWeightMeanWithWelchSatterthwaite()
    {
        // Three budgets' paired differences; scipy: mean −0.00139, SE 0.046667, df 5.6582, interval [−0.11727, 0.11450], p 0.97728.
        double[][] parts = [[0.1, -0.2, 0.3, 0.05], [-0.4, -0.1, -0.3], [0.2, 0.25, 0.1, 0.3, 0.15]];
        var pooled = PooledDifference.Of(parts.Select(d => PairedComparison.Of(d, new double[d.Length])).ToArray());
        Assert.Equal(3, pooled.Comparisons);
        Assert.Equal(12, pooled.Pairs);
        Assert.Equal(-0.001388888888888884, pooled.Mean, 12);
        Assert.Equal(0.04666749337892068, pooled.StandardError, 10);
        Assert.Equal(5.658155587615137, pooled.DegreesOfFreedom, 8);
        Assert.Equal(-0.11727350290963177, pooled.Interval.Lower, 8);
        Assert.Equal(0.114495725131854, pooled.Interval.Upper, 8);
        Assert.Equal(0.9772791150932685, pooled.P, 8);
    }

    [Fact]
    public void MedianInterval_UsesBinomialOrderStatistics()
    {
        // n = 10: P(B ≤ 1) = 11/1024 ≤ 0.025 < P(B ≤ 2) = 56/1024, so [x(2), x(9)].
        Assert.Equal(2, MedianInterval.Rank(10));
        var (e, covers) = MedianInterval.Of([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
        Assert.True(covers);
        Assert.Equal(new Estimate(5.5, 2, 9), e);
        // n = 5: even [min, max] covers only 1 − 2/32 = 93.75 %.
        Assert.Equal(0, MedianInterval.Rank(5));
        var (odd, oddCovers) = MedianInterval.Of([3, 1, 2, 5, 4]);
        Assert.False(oddCovers);
        Assert.Equal(new Estimate(3, 1, 5), odd); // the middle value of an odd count (a mutant survived without this)
        Assert.Equal(1, MedianInterval.Rank(6)); // 1 − 2/64 = 96.9 %
        Assert.Equal(8, MedianInterval.Rank(25)); // scipy: binom.cdf(7, 25, .5) = 0.0216 ≤ 0.025 < cdf(8) = 0.0539
    }

    [Fact]
    public void LogRatio_IsTheGeometricMeanWithAnIntervalOnLogs()
    {
        var e = LogRatio.GeometricMean([0.8, 0.9, 0.7, 1.1]); // scipy: 0.86289 [0.63607, 1.17060]
        Assert.Equal(0.8628907339631429, e.Value, 10);
        Assert.Equal(0.6360665765395993, e.Lower, 8);
        Assert.Equal(1.1706013902038388, e.Upper, 8);
        Assert.Throws<ArgumentException>(() => LogRatio.GeometricMean([1, 0]));
    }
}
