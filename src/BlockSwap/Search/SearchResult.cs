using BlockSwap.Genotypes;
using BlockSwap.Networks;

namespace BlockSwap.Search;

/// <summary>The outcome of a (possibly sharded) search: every scored candidate and the winner.</summary>
public sealed record SearchResult(SearchSettings Settings, IReadOnlyList<CandidateResult> Candidates, long Draws)
{
    /// <summary>Argmax of the score, the first index winning ties (docs/method.md, "Search").</summary>
    public CandidateResult Best => Candidates.OrderBy(c => c.Index).Aggregate((a, b) => b.Score > a.Score ? b : a);

    public double MedianSecondsPerCandidate
    {
        get
        {
            var s = Candidates.Select(c => c.Seconds).Order().ToArray();
            return s.Length == 0 ? 0 : s[s.Length / 2];
        }
    }

    /// <summary>Writes best.json (project format) and best.csv (reference format), atomically.</summary>
    public void WriteBest(string dir)
    {
        var best = Best;
        var plan = new NetworkSpec(Settings.Architecture, best.Genotype, Settings.Wrapper).ToPlan();
        (GenotypeFile.From(plan) with
        {
            Proxy = Settings.RankingProxy,
            Score = best.Score,
            Seed = Settings.Seed,
            Budget = Settings.Budget,
            Window = Settings.Window,
            Samples = Settings.Samples,
            Dataset = Settings.Dataset,
        }).Save(Path.Combine(dir, "best.json"));
        ReferenceCsv.WriteBest(Path.Combine(dir, "best.csv"), best.Genotype);
    }
}
