namespace BlockSwap.Search;

/// <summary>
/// The candidates no other candidate dominates in (score ↑, parameters ↓, MACs ↓): another candidate dominates one
/// when it is at least as good in every objective and better in at least one.
/// </summary>
public static class ParetoFront
{
    /// <summary>Positions of the non-dominated points, in input order.</summary>
    public static int[] Of(IReadOnlyList<double> scores, IReadOnlyList<long> parameters, IReadOnlyList<long> macs)
    {
        int n = scores.Count;
        bool Dominates(int a, int b) =>
            scores[a] >= scores[b] && parameters[a] <= parameters[b] && macs[a] <= macs[b] &&
            (scores[a] > scores[b] || parameters[a] < parameters[b] || macs[a] < macs[b]);
        return Enumerable.Range(0, n).Where(i => !Enumerable.Range(0, n).Any(j => j != i && Dominates(j, i))).ToArray();
    }

    /// <summary>The front of a search's candidates.</summary>
    public static CandidateResult[] Of(SearchResult result)
    {
        var c = result.Candidates;
        return Of(result.Scores, c.Select(x => x.Params).ToArray(), c.Select(x => x.Macs).ToArray()).Select(i => c[i]).ToArray();
    }
}
