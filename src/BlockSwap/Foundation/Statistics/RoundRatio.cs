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

        // Pairs often share a network (one Moonshine for every seed): each distinct one's median is taken once per resample.
        var networks = new List<IReadOnlyList<double>>();
        var index = new Dictionary<IReadOnlyList<double>, int>(ReferenceEqualityComparer.Instance);
        int Of(IReadOnlyList<double> x)
        {
            if (!index.TryGetValue(x, out int k)) { index[x] = k = networks.Count; networks.Add(x); }
            return k;
        }
        var pairIds = pairs.Select(p => (A: Of(p.A), B: Of(p.B))).ToArray();

        var medians = new double[networks.Count];
        var scratch = new double[rounds];
        double Statistic(int[] pairIdx, int[] roundIdx)
        {
            for (int n = 0; n < networks.Count; n++)
            {
                for (int r = 0; r < roundIdx.Length; r++) scratch[r] = networks[n][roundIdx[r]];
                medians[n] = Median.OfInPlace(scratch);
            }
            double sum = 0;
            foreach (int p in pairIdx) sum += Math.Log(medians[pairIds[p].A] / medians[pairIds[p].B]);
            return Math.Exp(sum / pairIdx.Length);
        }

        double value = Statistic(Enumerable.Range(0, pairs.Count).ToArray(), Enumerable.Range(0, rounds).ToArray());
        var rng = Runtime.Seeds.Rng(seed, "round-ratio");
        var draws = new double[resamples];
        var roundIdx = new int[rounds];
        var pairIdx = new int[pairs.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int r = 0; r < rounds; r++) roundIdx[r] = rng.Next(rounds);
            for (int p = 0; p < pairIdx.Length; p++) pairIdx[p] = rng.Next(pairs.Count);
            draws[b] = Statistic(pairIdx, roundIdx);
        }
        Array.Sort(draws);
        return new Estimate(value, Bootstrap.Quantile(draws, 0.025), Bootstrap.Quantile(draws, 0.975));
    }
}
