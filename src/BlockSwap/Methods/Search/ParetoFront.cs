namespace BlockSwap.Methods.Search;

/// <summary>
/// The candidates no other candidate dominates in (score ↑, parameters ↓, MACs ↓, and predicted latency ↓ when the
/// search predicted it): another candidate dominates one when it is at least as good in every objective and better
/// in at least one.
/// </summary>
public static class ParetoFront
{
    /// <summary>Positions of the non-dominated points, in input order; <paramref name="costs"/> are minimised.</summary>
    public static int[] Of(IReadOnlyList<double> scores, params IReadOnlyList<double>[] costs)
    {
        int n = scores.Count;
        if (costs.Any(c => c.Count != n)) throw new ArgumentException("every objective needs one value per point", nameof(costs));
        bool Dominates(int a, int b) =>
            scores[a] >= scores[b] && costs.All(c => c[a] <= c[b]) && (scores[a] > scores[b] || costs.Any(c => c[a] < c[b]));
        return Enumerable.Range(0, n).Where(i => !Enumerable.Range(0, n).Any(j => j != i && Dominates(j, i))).ToArray();
    }

    public static int[] Of(IReadOnlyList<double> scores, IReadOnlyList<long> parameters, IReadOnlyList<long> macs) =>
        Of(scores, parameters.Select(p => (double)p).ToArray(), macs.Select(m => (double)m).ToArray());

    /// <summary>Whether the search's candidates carry a predicted latency, which then is an objective.</summary>
    public static bool HasLatency(IReadOnlyList<CandidateResult> c) => c.Count > 0 && c.All(x => x.PredictedLatencyMs is not null);

    /// <summary>The objectives a search's front is computed in, as text.</summary>
    public static string Objectives(SearchResult result) =>
        HasLatency(result.Candidates) ? "(score, parameters, MACs, latency)" : "(score, parameters, MACs)";

    /// <summary>The costs (parameters, MACs and, where predicted, latency) of a search's candidates.</summary>
    private static double[][] Costs(IReadOnlyList<CandidateResult> c) =>
        HasLatency(c)
            ? [c.Select(x => (double)x.Params).ToArray(), c.Select(x => (double)x.Macs).ToArray(), c.Select(x => x.PredictedLatencyMs!.Value).ToArray()]
            : [c.Select(x => (double)x.Params).ToArray(), c.Select(x => (double)x.Macs).ToArray()];

    /// <summary>The front of a search's candidates.</summary>
    public static CandidateResult[] Of(SearchResult result)
    {
        var c = result.Candidates;
        return Of(result.Scores, Costs(c)).Select(i => c[i]).ToArray();
    }

    /// <summary>
    /// Where a network outside the search sits against its candidates: the candidates that dominate it in the same
    /// objectives (empty: it would lie on the front).
    /// </summary>
    public static CandidateResult[] Dominating(IReadOnlyList<CandidateResult> c, IReadOnlyList<double> scores, double score, long parameters, long macs, double? latencyMs)
    {
        bool latency = HasLatency(c) && latencyMs is not null;
        return Enumerable.Range(0, c.Count).Where(j =>
        {
            bool geq = scores[j] >= score && c[j].Params <= parameters && c[j].Macs <= macs && (!latency || c[j].PredictedLatencyMs <= latencyMs);
            bool better = scores[j] > score || c[j].Params < parameters || c[j].Macs < macs || (latency && c[j].PredictedLatencyMs < latencyMs);
            return geq && better;
        }).Select(j => c[j]).ToArray();
    }
}
