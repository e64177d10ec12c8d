using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Search;

/// <summary>The outcome of a (possibly sharded) search: every scored candidate and the winner.</summary>
public sealed record SearchResult(SearchSettings Settings, IReadOnlyList<CandidateResult> Candidates, long Draws)
{
    /// <summary>The ranking value of each candidate, in the order of <see cref="Candidates"/> (larger is better).</summary>
    public double[] Scores => Settings.Ranking.Values(Candidates.Select(c => c.Proxies).ToArray());

    /// <summary>The scores' quantiles <paramref name="qs"/> (0: the lowest, 1: the highest), the nearest rank; sorted once.</summary>
    public double[] ScoreQuantiles(params double[] qs)
    {
        var sorted = Scores.Order().ToArray();
        if (sorted.Length == 0) throw new InvalidOperationException("no candidates scored");
        return qs.Select(q => sorted[(int)Math.Round(q * (sorted.Length - 1))]).ToArray();
    }

    /// <summary>Argmax of the score, the first index winning ties (docs/method.md, "Search").</summary>
    public (CandidateResult Candidate, double Score) Best
    {
        get
        {
            var scores = Scores;
            int best = 0;
            for (int i = 1; i < scores.Length; i++)
                if (scores[i] > scores[best] || (scores[i] == scores[best] && Candidates[i].Index < Candidates[best].Index)) best = i;
            return (Candidates[best], scores[best]);
        }
    }

    /// <summary>How well the latency table predicted the candidates that were also timed whole (null when none were).</summary>
    public Latency.LatencyPredictionError? LatencyError
    {
        get
        {
            var pairs = Candidates.Where(c => c is { PredictedLatencyMs: not null, LatencyMs: not null })
                .Select(c => new Latency.LatencyPair(c.Genotype, c.PredictedLatencyMs!.Value, c.LatencyMs!.Value)).ToArray();
            return pairs.Length == 0 ? null : Latency.LatencyPredictionError.Of(pairs);
        }
    }

    /// <summary>Why the winner breaks the latency limit it was predicted to meet (its whole-network timing is over it), or null.</summary>
    public string? LatencyOverrun => Settings.Limits.MaxLatencyMs is { } limit && Best.Candidate is { LatencyMs: { } measured } best && measured > limit
        ? $"the winner measured {measured:F3} ms, over the {limit:G4} ms limit it was predicted to meet ({best.PredictedLatencyMs:F3} ms predicted); " +
          "the table's prediction was off by more than the margin: lower --max-latency-ms or rebuild the table (blockswap latency-table)"
        : null;

    public double MedianSecondsPerCandidate
    {
        get
        {
            var s = Candidates.Select(c => c.Seconds).Order().ToArray();
            return s.Length == 0 ? 0 : s[s.Length / 2];
        }
    }

    /// <summary>The finished search in <paramref name="dir"/> (search.json and candidates.csv).</summary>
    public static SearchResult Load(string dir)
    {
        var settings = SearchSettings.Load(dir);
        var rows = CandidateTable.Read(Path.Combine(dir, CandidateTable.FileName), settings.Proxies.Select(p => p.Name).ToArray());
        return new SearchResult(settings, rows.OrderBy(c => c.Index).ToArray(), 0);
    }

    /// <summary>Writes best.json (project format) and best.csv (reference format), atomically.</summary>
    public void WriteBest(string dir, IReadOnlyList<string>? classes = null)
    {
        var (best, score) = Best;
        // best.json is what marks a finished search: write it last, so a failure never leaves it without best.csv.
        ReferenceCsv.WriteBest(Path.Combine(dir, "best.csv"), best.Genotype, best.Proxies.TryGetValue(Scoring.FisherPotential.ProxyName, out var fisher) ? fisher : null);
        var plan = new NetworkSpec(Settings.Architecture, best.Genotype, Settings.Wrapper).ToPlan();
        (GenotypeFile.From(plan) with
        {
            Proxy = Settings.Ranking.IsEnsemble ? Settings.Ranking.Name : Settings.Proxies[0].Name,
            Score = score,
            Seed = Settings.Seed,
            Limits = Settings.Limits,
            PredictedLatencyMs = best.PredictedLatencyMs,
            LatencyMs = best.LatencyMs,
            Samples = Settings.Samples,
            Dataset = Settings.Dataset,
            ClassNames = classes is { Count: > 0 } ? classes : null,
        }).Save(Path.Combine(dir, "best.json"));
    }
}
