namespace BlockSwap.Foundation.Statistics;

/// <summary>
/// How much slower one set of networks is than another, from timings taken in shared rounds: the geometric mean over
/// pairs of the ratio of the two networks' medians over rounds, with a 95 % percentile-bootstrap interval that resamples
/// the pairs and the rounds together (rounds jointly across all networks, as they were timed together). The interval so
/// holds both the spread across pairs (across searches, in a run) and each median's timing noise. The pairs may share a
/// network (every pick over one Moonshine network): its noise then moves every ratio at once, which an interval over
/// pairs alone cannot see, and a t-interval of the per-pair ratios misses. Seeded: the same timings and seed give the
/// same interval.
/// </summary>
public static class RoundRatio
{
    /// <param name="pairs">Per pair, each network's observation of every round (all of one length, in round order).</param>
    public static Estimate GeometricMean(IReadOnlyList<(IReadOnlyList<double> A, IReadOnlyList<double> B)> pairs, long seed, int resamples = Bootstrap.DefaultResamples)
    {
        if (pairs.Count == 0) throw new ArgumentException("no pairs");
        int rounds = pairs[0].A.Count;
        if (rounds == 0 || pairs.Any(p => p.A.Count != rounds || p.B.Count != rounds))
            throw new ArgumentException("every network needs the same number of rounds, at least one");
        if (pairs.Any(p => p.A.Concat(p.B).Any(x => !(x > 0))))
            throw new ArgumentException("timings must be positive");

        var all = Enumerable.Range(0, rounds).ToArray();
        double value = Statistic(pairs, Enumerable.Range(0, pairs.Count).ToArray(), all, new double[rounds]);
        var rng = Runtime.Seeds.Rng(seed, "round-ratio");
        var draws = new double[resamples];
        var roundIdx = new int[rounds];
        var pairIdx = new int[pairs.Count];
        var scratch = new double[rounds];
        for (int b = 0; b < resamples; b++)
        {
            for (int r = 0; r < rounds; r++) roundIdx[r] = rng.Next(rounds);
            for (int p = 0; p < pairIdx.Length; p++) pairIdx[p] = rng.Next(pairs.Count);
            draws[b] = Statistic(pairs, pairIdx, roundIdx, scratch);
        }
        Array.Sort(draws);
        return new Estimate(value, Bootstrap.Quantile(draws, 0.025), Bootstrap.Quantile(draws, 0.975));
    }

    private static double Statistic(IReadOnlyList<(IReadOnlyList<double> A, IReadOnlyList<double> B)> pairs, int[] pairIdx, int[] roundIdx, double[] scratch)
    {
        double sum = 0;
        foreach (int p in pairIdx)
            sum += Math.Log(MedianAt(pairs[p].A, roundIdx, scratch) / MedianAt(pairs[p].B, roundIdx, scratch));
        return Math.Exp(sum / pairIdx.Length);
    }

    private static double MedianAt(IReadOnlyList<double> values, int[] idx, double[] scratch)
    {
        for (int i = 0; i < idx.Length; i++) scratch[i] = values[idx[i]];
        return Median.OfInPlace(scratch);
    }
}
