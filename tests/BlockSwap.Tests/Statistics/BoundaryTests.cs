using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Tests.Statistics;

/// <summary>
/// The edges of every statistic the reports rest on: the smallest sample each one accepts, exact ties at a threshold,
/// undefined inputs, and the messages of refused ones (each case here once let a mutated formula pass: docs/testing.md).
/// Reference values from scipy 1.x (stats.t, stats.pearsonr).
/// </summary>
public class BoundaryTests
{
    [Fact]
    public void Estimate_IncludesItsBounds()
    {
        var e = new Estimate(1, 0.5, 1.5);
        Assert.False(e.Excludes(0.5));
        Assert.False(e.Excludes(1.5));
        Assert.False(e.Excludes(1));
        Assert.True(e.Excludes(0.4999));
        Assert.True(e.Excludes(1.5001));
        Assert.Equal("1.000 [0.500, 1.500]", e.ToString());
    }

    [Fact]
    public void Bootstrap_DrawsExactlyTheResamplesAsked_AndEachSeedItsOwn()
    {
        int calls = 0;
        Bootstrap.Interval(5, idx => { calls++; return idx.Sum(); }, seed: 1, resamples: 7);
        Assert.Equal(1 + 7, calls);   // the estimate, then the resamples
        double[] x = [0.1, 0.5, 0.2, 0.9, 0.4, 0.7, 0.3, 0.8];
        double Mean(int[] idx) => idx.Average(i => x[i]);
        var seeds = Enumerable.Range(1, 4).Select(s => Bootstrap.Interval(x.Length, Mean, seed: s, resamples: 50)).ToArray();
        Assert.Equal(4, seeds.Select(e => (e.Lower, e.Upper)).Distinct().Count());
        Assert.All(seeds, e => Assert.Equal(x.Average(), e.Value, 12));
        // The resamples are a fixed function of the seed, release to release: seed 1's interval, pinned.
        Assert.Equal(0.355625, seeds[0].Lower, 12);
        Assert.Equal(0.669375, seeds[0].Upper, 12);
        // Every resample undefined: no interval.
        var none = Bootstrap.Interval(3, _ => double.NaN, seed: 1, resamples: 5);
        Assert.True(double.IsNaN(none.Lower) && double.IsNaN(none.Upper));
    }

    [Fact]
    public void LogRatio_TwoRatiosGiveAnInterval_OneGivesNone()
    {
        var two = LogRatio.GeometricMean([0.5, 2]);
        Assert.Equal(1, two.Value, 12);
        Assert.InRange(two.Upper / 6682.650629673164, 1 - 1e-8, 1 + 1e-8);   // exp(t₀.₉₇₅,₁ · ln 2): sd of ±ln 2 is ln 2·√2
        Assert.Equal(1, two.Lower * two.Upper, 9);
        var one = LogRatio.GeometricMean([1.25]);
        Assert.Equal(1.25, one.Value, 12);
        Assert.True(double.IsNaN(one.Lower) && double.IsNaN(one.Upper));
        foreach (double[] bad in new[] { Array.Empty<double>(), [1, -1], [1, double.NaN], [0] })
            Assert.Equal("ratios must be positive and at least one", Assert.Throws<ArgumentException>(() => LogRatio.GeometricMean(bad)).Message);
    }

    [Fact]
    public void MedianInterval_EdgesAndHalfWidth()
    {
        Assert.Equal("no values", Assert.Throws<ArgumentException>(() => MedianInterval.Of([])).Message);
        Assert.Equal(2, MedianInterval.Of([3, 1]).Interval.Value);          // even: the mean of the middle two
        Assert.Equal(2, MedianInterval.Of([3, 1, 2]).Interval.Value);       // odd: the middle one
        Assert.Equal((0, 0, 0), (MedianInterval.Rank(0), MedianInterval.Rank(1), MedianInterval.Rank(2)));
        Assert.Equal(0.3, MedianInterval.RelativeHalfWidth(new Estimate(10, 8, 14)), 12);
    }

    [Fact]
    public void Paired_SmallestSamplesAndTheTQuantiles()
    {
        Assert.Equal(3, Paired.Mean([1, 2, 6]));
        Assert.Equal(Math.Sqrt(2), Paired.StandardDeviation([1, 3]), 12);   // two values have a spread
        Assert.Equal(0, Paired.StandardDeviation([4]));
        Assert.Equal(Math.Sqrt(19.0 / 3), Paired.StandardDeviation([2, 4, 7]), 12);
        var d = Paired.Difference([1, 3], [0, 0]);                          // two pairs: mean 2, half-width t₀.₉₇₅,₁ · √2 / √2
        Assert.Equal((2.0, 2 - 12.706205, 2 + 12.706205), (d.Value, Math.Round(d.Lower, 6), Math.Round(d.Upper, 6)));
        Assert.True(double.IsNaN(Paired.StudentT975(0)));
        Assert.Equal(12.706205, Paired.StudentT975(1));
        Assert.Equal(2.042272, Paired.StudentT975(30));                     // the table's last row
        Assert.InRange(Paired.StudentT975(60) - 2.0002978210582616, -0.001, 0.001);   // beyond it, 1.96 + 2.372 / df: within 0.001 of scipy
        Assert.Equal(1.959964 + 2.372 / 31, Paired.StudentT975(31), 12);
    }

    [Fact]
    public void PairedComparison_TwoPairsAreEnough_AndMismatchesAreRefused()
    {
        Assert.Equal("paired samples differ in length (2 and 3)", Assert.Throws<ArgumentException>(() => PairedComparison.Of([1, 2], [1, 2, 3])).Message);
        Assert.Equal("no pairs to compare", Assert.Throws<ArgumentException>(() => PairedComparison.Of([], [])).Message);
        Assert.Equal(0.3918265520306071, PairedComparison.TTest(1, 1, 2), 9);              // t = √2 with 1 df
        Assert.True(double.IsNaN(PairedComparison.TTest(1, 1, 1)));
        Assert.Equal(9.957892521758538, PairedComparison.MinimumDetectableDifference(1, 2), 9);
        Assert.True(double.IsNaN(PairedComparison.MinimumDetectableDifference(1, 1)));
        // 50 non-zero differences are still counted exactly; from 51 on the t-test is the one to read.
        var d50 = Enumerable.Range(1, 50).Select(i => i % 4 == 0 ? -(double)i : i).ToArray();
        Assert.Equal(0.0013303578723942167, PairedComparison.WilcoxonSignedRank(d50), 12);
        Assert.True(double.IsNaN(PairedComparison.WilcoxonSignedRank([.. d50, 51])));
    }

    [Fact]
    public void PooledDifference_EdgeCases()
    {
        var two = PairedComparison.Of([1, 3], [0, 0]);                     // 2 pairs: usable
        var pooled = PooledDifference.Of([two]);
        Assert.Equal((1, 2, 2.0), (pooled.Comparisons, pooled.Pairs, pooled.Mean));
        Assert.Equal(1, pooled.StandardError, 12);                           // √(2 / 2)
        Assert.Equal(1, pooled.DegreesOfFreedom, 12);
        // Only single pairs: the mean of the means, and nothing else.
        var singles = PooledDifference.Of([PairedComparison.Of([1], [0]), PairedComparison.Of([4], [0])]);
        Assert.Equal((2, 2, 2.5), (singles.Comparisons, singles.Pairs, singles.Mean));
        Assert.True(double.IsNaN(singles.StandardError) && double.IsNaN(singles.Interval.Lower) && double.IsNaN(singles.P));
        var empty = PooledDifference.Of([]);
        Assert.True(double.IsNaN(empty.Mean));
        Assert.Equal(0, empty.Pairs);
        // No spread anywhere: a zero-width interval, df = Σ (n − 1), p 0 unless the mean is 0.
        var flat = PooledDifference.Of([PairedComparison.Of([1, 1, 1], [0, 0, 0]), PairedComparison.Of([3, 3, 3, 3], [0, 0, 0, 0])]);
        Assert.Equal((2.0, 0.0, 5.0, 0.0), (flat.Mean, flat.StandardError, flat.DegreesOfFreedom, flat.P));
        Assert.Equal((2.0, 2.0), (flat.Interval.Lower, flat.Interval.Upper));
        Assert.Equal(1, PooledDifference.Of([PairedComparison.Of([1, 1], [1, 1])]).P);
    }

    [Fact]
    public void Correlations_OnUncentredValues_AndUndefinedOnes()
    {
        Assert.Equal(0.9647638212377322, Ranking.Pearson([1, 2, 3, 4], [2, 4, 5, 9]), 12);
        Assert.Equal(-0.9647638212377322, Ranking.Pearson([1, 2, 3, 4], [-2, -4, -5, -9]), 12);
        Assert.True(double.IsNaN(Ranking.Pearson([1, 1, 1], [1, 2, 3])));       // either side constant
        Assert.True(double.IsNaN(Ranking.Pearson([1, 2, 3], [5, 5, 5])));
        Assert.True(double.IsNaN(Ranking.KendallTauB([1, 1, 1], [1, 2, 3])));
        Assert.Equal(1, Ranking.KendallTauB([1, 2], [3, 4]), 12);
        Assert.Equal(1.0 / 3, Significance.SpearmanP(1, 3), 12);                  // 2 of the 3! orderings
        Assert.True(double.IsNaN(Significance.SpearmanP(1, 2)));
    }

    [Fact]
    public void Reliability_IsUndefinedWithoutAgreement()
    {
        Assert.True(double.IsNaN(Reliability.Ceiling(0)));
        Assert.True(double.IsNaN(Reliability.Disattenuated(0.5, 0)));
        Assert.True(double.IsNaN(Reliability.Disattenuated(0.5, -0.2)));
        Assert.Equal(0.5 / Math.Sqrt(0.25), Reliability.Disattenuated(0.5, 0.25), 12);
        Assert.Equal(1, Reliability.Disattenuated(0.5, 4) * 2, 12);             // a reliability above 1 counts as 1
        Assert.Equal(0, Reliability.SpearmanBrown(-0.87, 3));
        Assert.Equal(0.75, Reliability.SpearmanBrown(0.5, 3), 12);
    }

    [Fact]
    public void Verdict_AtItsThresholds()
    {
        var inside = new Estimate(0, -0.1, 0.1);
        Assert.Equal(Verdict.Equal, Verdicts.Of(0, new Estimate(0, 0, 0), 1, margin: 0));       // a zero margin is allowed
        Assert.Contains("equivalence margin", Assert.Throws<ArgumentOutOfRangeException>(() => Verdicts.Of(0, inside, 1, double.NaN)).Message);
        Assert.Equal(Verdict.Equal, Verdicts.Of(-0.05, inside, Verdicts.Alpha, 0.25));           // p = α is not significant
        Assert.Equal(Verdict.Worse, Verdicts.Of(0, inside, 0.01, 0.25));                         // a zero mean is not lower
        Assert.False(Verdicts.WithinMargin(new Estimate(0, -0.1, double.NaN), 0.25));
        Assert.False(Verdicts.WithinMargin(new Estimate(0, double.NaN, 0.1), 0.25));
        Assert.Equal("worse (by less than the margin)", Verdicts.Describe(Verdict.Worse, inside, 0.25));
        Assert.Equal("better", Verdicts.Describe(Verdict.Better, new Estimate(-1, -1.5, -0.5), 0.25));
        Assert.Equal("worse", Verdicts.Describe(Verdict.Worse, new Estimate(1, 0.5, 1.5), 0.25));
        Assert.Equal("equal", Verdicts.Describe(Verdict.Equal, inside, 0.25));
        Assert.Equal("cannot tell", Verdicts.Describe(Verdict.CannotTell, inside, 0.25));
    }
}
