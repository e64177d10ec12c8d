using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Tests.Statistics;

/// <summary>The pick ÷ Moonshine latency interval: a bootstrap over seeds and shared timing rounds.</summary>
public class RoundRatioTests
{
    private static (IReadOnlyList<double>, IReadOnlyList<double>) Pair(double[] a, double[] b) => (a, b);

    [Fact]
    public void TheValue_IsTheGeometricMeanOfTheRatiosOfMedians()
    {
        // Medians 2 / 4 and 9 / 3: the geometric mean of 0.5 and 3 is √1.5.
        var e = RoundRatio.GeometricMean([Pair([1, 2, 30], [4, 4, 5]), Pair([9, 8, 10], [3, 1, 3])], seed: 1);
        Assert.Equal(Math.Sqrt(1.5), e.Value, 12);
        Assert.True(e.Lower <= e.Value && e.Value <= e.Upper, $"{e}");
    }

    [Fact]
    public void SteadyTimings_LeaveOnlyTheSpreadAcrossPairs()
    {
        // Ratios 0.5 and 0.75 without timing noise: a resample holds one pair twice (0.5 or 0.75) or both (√0.375).
        var e = RoundRatio.GeometricMean([Pair([2, 2, 2, 2], [4, 4, 4, 4]), Pair([3, 3, 3, 3], [4, 4, 4, 4])], seed: 1);
        Assert.Equal(Math.Sqrt(0.5 * 0.75), e.Value, 12);
        Assert.Equal((0.5, 0.75), (Math.Round(e.Lower, 12), Math.Round(e.Upper, 12)));
        var one = RoundRatio.GeometricMean([Pair([2, 2, 2, 2], [4, 4, 4, 4])], seed: 1);
        Assert.Equal((0.5, 0.5, 0.5), (one.Value, one.Lower, one.Upper));
    }

    [Fact]
    public void ADriftCommonToARound_Cancels()
    {
        // Every round the machine runs at another speed, and the pick always takes half Moonshine's time in that round:
        // rounds are resampled together, so each resample's medians keep the ratio at one half.
        var speed = new double[] { 1.0, 1.6, 0.9, 1.3, 2.2, 1.1, 1.0, 1.4, 0.95, 1.8, 1.2, 1.05 };
        var moonshine = speed.Select(s => 4 * s).ToArray();
        var e = RoundRatio.GeometricMean([Pair(moonshine.Select(x => x / 2).ToArray(), moonshine)], seed: 3);
        Assert.Equal((0.5, 0.5, 0.5), (Math.Round(e.Value, 12), Math.Round(e.Lower, 12), Math.Round(e.Upper, 12)));
    }

    [Fact]
    public void TheSharedBaselinesTimingNoise_WidensTheInterval_WhereAnIntervalOverSeedsSeesNone()
    {
        // Eight picks steady at 2.5 ms over one Moonshine network whose rounds swing between 4 and 6 ms (as one network's
        // did at batch 32 on a shared machine): the per-seed ratios are all alike, so a t-interval over seeds has no width,
        // though Moonshine's median itself is uncertain between 4 and 6.
        var moonshine = new double[] { 4, 6, 4, 6, 6, 4, 4, 6, 6, 4, 4, 6 };
        var pick = Enumerable.Repeat(2.5, 12).ToArray();
        var pairs = Enumerable.Range(0, 8).Select(_ => Pair(pick, moonshine)).ToArray();
        var overSeeds = LogRatio.GeometricMean(pairs.Select(_ => 2.5 / Median.Of(moonshine)).ToArray());
        Assert.Equal(overSeeds.Lower, overSeeds.Upper, 12);
        var e = RoundRatio.GeometricMean(pairs, seed: 1);
        Assert.Equal(0.5, e.Value, 12);
        Assert.Equal(2.5 / 6, e.Lower, 9);
        Assert.Equal(2.5 / 4, e.Upper, 9);
    }

    [Fact]
    public void TheSameTimingsAndSeed_GiveTheSameInterval()
    {
        var rng = new Random(7);
        var pairs = Enumerable.Range(0, 5).Select(_ => Pair(Noisy(rng, 3, 0.2, 20), Noisy(rng, 4, 0.2, 20))).ToArray();
        Assert.Equal(RoundRatio.GeometricMean(pairs, seed: 11), RoundRatio.GeometricMean(pairs, seed: 11));
        Assert.NotEqual(RoundRatio.GeometricMean(pairs, seed: 11), RoundRatio.GeometricMean(pairs, seed: 12));
    }

    [Fact]
    public void OnePair_StillGetsAnIntervalFromItsRounds()
    {
        var rng = new Random(5);
        var e = RoundRatio.GeometricMean([Pair(Noisy(rng, 3, 0.1, 30), Noisy(rng, 4, 0.1, 30))], seed: 1);
        Assert.True(e.Lower < e.Value && e.Value < e.Upper, $"{e}");
        Assert.InRange(e.Value, 0.6, 0.9);
    }

    [Fact]
    public void CoversTheTrueRatio_WhereAnIntervalOverSeedsMissesIt()
    {
        // 200 simulated runs: 8 picks whose true latency spreads around 0.8 × Moonshine's (log SD 0.05 across seeds), each
        // network timed over 12 rounds with log-normal noise of SD 0.3 (a noisy shared machine). The true geometric-mean
        // ratio is 0.8. The bootstrap over rounds and seeds should cover it about 95 % of the time; the t-interval of the
        // per-seed ratios, blind to the one Moonshine median they all share, far less often.
        var rng = new Random(2026);
        int covered = 0, coveredOverSeeds = 0;
        const int runs = 200;
        for (int run = 0; run < runs; run++)
        {
            var moonshine = Noisy(rng, 4, 0.3, 12);
            var pairs = Enumerable.Range(0, 8).Select(_ => Pair(Noisy(rng, 3.2 * Math.Exp(0.05 * Normal(rng)), 0.3, 12), moonshine)).ToArray();
            var e = RoundRatio.GeometricMean(pairs, seed: run, resamples: 1000);
            if (!e.Excludes(0.8)) covered++;
            var overSeeds = LogRatio.GeometricMean(pairs.Select(p => Median.Of(p.Item1) / Median.Of(p.Item2)).ToArray());
            if (!overSeeds.Excludes(0.8)) coveredOverSeeds++;
        }
        Assert.InRange(covered / (double)runs, 0.90, 1.0);
        Assert.InRange(coveredOverSeeds / (double)runs, 0.0, 0.75);
    }

    [Fact]
    public void BadTimings_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => RoundRatio.GeometricMean([], seed: 1));
        Assert.Throws<ArgumentException>(() => RoundRatio.GeometricMean([Pair([1, 2], [1, 2, 3])], seed: 1));
        Assert.Throws<ArgumentException>(() => RoundRatio.GeometricMean([Pair([1, 0], [1, 2])], seed: 1));
    }

    private static double[] Noisy(Random rng, double median, double logSd, int rounds) =>
        Enumerable.Range(0, rounds).Select(_ => median * Math.Exp(logSd * Normal(rng))).ToArray();

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
