using BlockSwap.Foundation.Statistics;
using CsCheck;

namespace BlockSwap.Tests.Properties;

/// <summary>
/// What the latency ratio's bootstrap must keep whatever the timings: units do not matter, a method made c times
/// slower moves the estimate and both bounds by c, and swapping method and baseline inverts the estimate.
/// </summary>
[Trait("Category", TestCategories.Property)]
public class RoundRatioProperties
{
    private static bool Long => Environment.GetEnvironmentVariable("BLOCKSWAP_PROPERTIES") == "long";

    /// <summary>1–6 pairs of networks timed over one shared count of 1–30 rounds, 0.01–100 ms each.</summary>
    private static readonly Gen<(double[][] A, double[][] B)> Timings =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 30]).SelectMany((pairs, rounds) =>
        {
            var network = Gen.Double[0.01, 100].Array[rounds];
            return Gen.Select(network.Array[pairs], network.Array[pairs]);
        });

    private static (IReadOnlyList<double>, IReadOnlyList<double>)[] Pairs(double[][] a, double[][] b) =>
        a.Zip(b, (x, y) => ((IReadOnlyList<double>)x, (IReadOnlyList<double>)y)).ToArray();

    private static double[][] Scaled(double[][] x, double c) => x.Select(r => r.Select(v => v * c).ToArray()).ToArray();

    [Fact]
    public void ScalingTheMethodsTimings_ScalesTheEstimateAndItsBounds()
    {
        Gen.Select(Timings, Gen.Double[0.1, 10]).Sample((t, c) =>
        {
            var e = RoundRatio.GeometricMean(Pairs(t.A, t.B), seed: 5, resamples: 400);
            var slower = RoundRatio.GeometricMean(Pairs(Scaled(t.A, c), t.B), seed: 5, resamples: 400);
            var units = RoundRatio.GeometricMean(Pairs(Scaled(t.A, c), Scaled(t.B, c)), seed: 5, resamples: 400);
            foreach (var (x, y) in new[] { (e.Value * c, slower.Value), (e.Lower * c, slower.Lower), (e.Upper * c, slower.Upper),
                         (e.Value, units.Value), (e.Lower, units.Lower), (e.Upper, units.Upper) })
                Assert.Equal(1, y / x, 9);
        }, seed: Long ? null : "0001rr5SCALE", iter: Long ? 2000 : 100, threads: 1);
    }

    [Fact]
    public void SwappingMethodAndBaseline_InvertsTheEstimate()
    {
        Timings.Sample(t =>
        {
            var e = RoundRatio.GeometricMean(Pairs(t.A, t.B), seed: 8, resamples: 400);
            var swapped = RoundRatio.GeometricMean(Pairs(t.B, t.A), seed: 8, resamples: 400);
            Assert.Equal(1, e.Value * swapped.Value, 9);
            // The same resamples, inverted: each bound is the other's reciprocal, up to the linear interpolation between
            // two draws, which for reciprocals (convex) lies at or above the reciprocal of the interpolated draw.
            Assert.InRange(swapped.Lower * e.Upper, 1 - 1e-9, 1.1);
            Assert.InRange(swapped.Upper * e.Lower, 1 - 1e-9, 1.1);
        }, seed: Long ? null : "0001rr8SWAPS", iter: Long ? 2000 : 100, threads: 1);
    }
}
