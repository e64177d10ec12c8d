using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Latency;

namespace BlockSwap.Methods.Search;

/// <summary>A finished search at a glance (the <c>--json</c> form of <c>blockswap search</c>): the winner, the refinement's survivor, the Pareto front and the files.</summary>
public sealed record SearchSummary(int Scored, long Draws, double MedianSecondsPerCandidate, SearchSummary.Winner Best, LatencyPredictionError? LatencyError,
    SearchSummary.Refined? Refine, IReadOnlyList<int>? Front, IReadOnlyList<string> Files)
{
    public sealed record Winner(int Index, double Score, long Params, long Macs, double? PredictedLatencyMs, double? LatencyMs, Genotype Blocks);

    public sealed record Survivor(int Index, int ZeroCostRank, Genotype Blocks);

    public sealed record Refined(Survivor Winner, double Seconds, IReadOnlyList<RefineRow> Rungs);

    public static SearchSummary Of(SearchResult result, RefineResult? refined, IReadOnlyList<CandidateResult>? front, string dir)
    {
        var (best, score) = result.Best;
        return new SearchSummary(result.Candidates.Count, result.Draws, result.MedianSecondsPerCandidate,
            new Winner(best.Index, score, best.Params, best.Macs, best.PredictedLatencyMs, best.LatencyMs, best.Genotype), result.LatencyError,
            refined is null ? null : new Refined(new Survivor(refined.Winner.Index, refined.WinnerZeroCostRank, refined.Winner.Genotype), refined.Seconds, refined.Rows),
            front?.Select(c => c.Index).ToArray(), new[] { "best.json", "best.csv", "candidates.csv", "search.json" }.Select(f => Path.Combine(dir, f)).ToArray());
    }
}
