using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Tests.Statistics;

public class StatisticsTests
{
    [Fact]
    public void AverageRanks_ShareTiedRanks()
    {
        Assert.Equal(new[] { 1, 2.5, 2.5, 4 }, Ranking.AverageRanks([10, 20, 20, 30]));
        Assert.Equal(new double[] { 3, 1, 3, 3 }, Ranking.AverageRanks([5, 1, 5, 5]));
    }

    [Fact]
    public void Spearman_WithTies_MatchesHandComputation()
    {
        // y ranks (1, 2, 3.5, 5, 3.5) against x ranks 1..5: Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → ρ = 8/√95.
        Assert.Equal(8 / Math.Sqrt(95), Ranking.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 12);
        Assert.Equal(1, Ranking.Spearman([1, 2, 3], [10, 20, 30]), 12);
        Assert.Equal(-1, Ranking.Spearman([1, 2, 3], [3, 2, 1]), 12);
        Assert.True(double.IsNaN(Ranking.Spearman([1, 2, 3], [4, 4, 4])));
    }

    [Fact]
    public void KendallTauB_WithTies_MatchesHandComputation()
    {
        // 10 pairs: 8 concordant, 1 discordant (4,5), 1 tied in y (3,5): τ-b = 7 / √(10·9).
        Assert.Equal(7 / Math.Sqrt(90), Ranking.KendallTauB([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 12);
        // Ties on both sides: x (1,1,2), y (1,2,2): pairs (1,2) tied x, (1,3) concordant, (2,3) tied y → 1/√(2·2).
        Assert.Equal(0.5, Ranking.KendallTauB([1, 1, 2], [1, 2, 2]), 12);
        Assert.Equal(-1, Ranking.KendallTauB([1, 2, 3, 4], [4, 3, 2, 1]), 12);
    }

    [Fact]
    public void Bootstrap_IsSeededAndReproducible_AndBracketsTheEstimate()
    {
        var rng = new Random(1);
        var x = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        var y = x.Select(v => v + rng.NextDouble() * 15).ToArray();
        double Statistic(int[] idx) => Ranking.Spearman(Bootstrap.Take(x, idx), Bootstrap.Take(y, idx));
        var a = Bootstrap.Interval(x.Length, Statistic, seed: 7);
        var b = Bootstrap.Interval(x.Length, Statistic, seed: 7);
        var c = Bootstrap.Interval(x.Length, Statistic, seed: 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Ranking.Spearman(x, y), a.Value);
        Assert.True(a.Lower < a.Value && a.Value < a.Upper && a.Upper <= 1);
    }

    [Fact]
    public void Quantile_Interpolates()
    {
        Assert.Equal(2.5, Bootstrap.Quantile([1, 2, 3, 4], 0.5));
        Assert.Equal(1.3, Bootstrap.Quantile([1, 2, 3, 4], 0.1), 12);
    }

    [Fact]
    public void PairedDifference_HasAStudentTInterval()
    {
        // d = (1, 2, 3): mean 2, sd 1, t(2) = 4.302653 → half width 4.302653/√3.
        var d = Paired.Difference([1, 2, 3], [0, 0, 0]);
        Assert.Equal(2, d.Value, 12);
        Assert.Equal(2 - 4.302653 / Math.Sqrt(3), d.Lower, 6);
        Assert.Equal(2 + 4.302653 / Math.Sqrt(3), d.Upper, 6);
        Assert.True(double.IsNaN(Paired.Difference([1], [0]).Lower));
        Assert.Equal(1, Paired.StandardDeviation([1, 2, 3]), 12);
    }

    [Fact]
    public void SpearmanP_MatchesScipy()
    {
        // scipy.stats: 2·t.sf(|ρ|·√((n−2)/(1−ρ²)), n−2)
        Assert.Equal(0.14111328125, Significance.SpearmanP(0.5, 10), 9);
        Assert.Equal(0.09527344416868837, Significance.SpearmanP(-0.3, 32), 9);
        Assert.True(double.IsNaN(Significance.SpearmanP(0.5, 2)));
    }

    [Fact]
    public void SpearmanP_IsExactForFewItems_WhereTheTApproximationClaimsSignificance()
    {
        // 4 items: 24 rank orders; |ρ| = 1 for 2 of them, |ρ| ≥ 0.8 for 8 (the identity, its reverse, 6 adjacent swaps).
        Assert.Equal(2.0 / 24, Significance.SpearmanP(1.0, 4), 12);
        Assert.Equal(8.0 / 24, Significance.SpearmanP(0.8, 4), 12);
        Assert.Equal(8.0 / 24, Significance.SpearmanP(-0.8, 4), 12);
        Assert.Equal(1.0, Significance.SpearmanP(0.0, 5), 12);
        // 6 items, checked with scipy 1.10: permutation_test(..., permutation_type="pairings", n_resamples=inf) gives
        // 0.0333... for ρ = 0.8857 (Σd² = 4); enumerating the 720 orders gives 42 with |ρ| ≥ 0.8286 (Σd² = 6).
        Assert.Equal(0.03333333333333333, Significance.SpearmanP(0.8857142857142858, 6), 12);
        Assert.Equal(42.0 / 720, Significance.SpearmanP(0.8285714285714285, 6), 12);
    }

    [Fact]
    public void Holm_StepsDown_AndStaysMonotone()
    {
        // sorted 0.01·4 = 0.04, 0.03·3 = 0.09, 0.04·2 = 0.08 → 0.09 (monotone), 0.5·1 = 0.5
        Assert.Equal([0.04, 0.09, 0.09, 0.5], Significance.Holm([0.01, 0.04, 0.03, 0.5]).Select(v => Math.Round(v, 12)));
        Assert.Equal(1, Significance.Holm([0.6, 0.7])[0]);
        Assert.True(double.IsNaN(Significance.Holm([double.NaN, 0.01])[0]));
        Assert.Equal(0.01, Significance.Holm([double.NaN, 0.01])[1], 12);
    }

    [Fact]
    public void SpearmanBrown_AndTheCeiling()
    {
        // Two seeds agreeing with r = 0.285: their mean has reliability 0.57/1.285; one run's ceiling is √0.285 ≈ 0.534.
        Assert.Equal(0.57 / 1.285, Reliability.SpearmanBrown(0.285, 2), 12);
        Assert.Equal(Math.Sqrt(0.285), Reliability.Ceiling(0.285), 12);
        Assert.Equal(0.4 / Math.Sqrt(0.64), Reliability.Disattenuated(0.4, 0.64), 12);
        Assert.True(double.IsNaN(Reliability.Ceiling(-0.1)));
        // Seeds that disagree carry no reliable signal (a 3-candidate toy study printed −12.928 before).
        Assert.Equal(0, Reliability.SpearmanBrown(-0.866, 2));
        Assert.True(double.IsNaN(Reliability.Ceiling(Reliability.SpearmanBrown(-0.866, 2))));
    }
}
