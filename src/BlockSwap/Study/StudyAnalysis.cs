using BlockSwap.Scoring;
using BlockSwap.Statistics;

namespace BlockSwap.Study;

/// <summary>How well one proxy (or ensemble) predicted trained validation accuracy.</summary>
public sealed record ProxyAssessment
{
    public required string Proxy { get; init; }
    public required string Description { get; init; }
    /// <summary>Spearman ρ between the score (first initialisation) and validation accuracy, with a bootstrap 95 % interval.</summary>
    public required Estimate Spearman { get; init; }
    public required Estimate Kendall { get; init; }
    /// <summary>ρ averaged over the initialisation seeds.</summary>
    public double MeanSpearmanOverInits { get; init; }
    /// <summary>Validation error of the proxy's pick minus the best validation error among the candidates (points).</summary>
    public double Regret { get; init; }
    /// <summary>Fraction of initialisation seeds whose pick is among the best 10 % of candidates.</summary>
    public double TopDecileRate { get; init; }
    /// <summary>Mean Spearman between the scores of different initialisation seeds (1 = the ranking does not depend on the init).</summary>
    public double InitStability { get; init; }
    /// <summary>ρ of this proxy minus ρ of <c>params</c>, paired bootstrap over candidates.</summary>
    public required Estimate VersusParams { get; init; }
}

/// <summary>The statistics of a study: one assessment per proxy, the training-noise ceiling, and the verdict in words.</summary>
public sealed record StudyAnalysis
{
    public required IReadOnlyList<ProxyAssessment> Proxies { get; init; }
    /// <summary>Spearman between the validation errors of the first two training seeds: the ceiling any proxy can reach.</summary>
    public Estimate? NoiseCeiling { get; init; }
    public required IReadOnlyList<string> Verdict { get; init; }

    public const string Baseline = "params";

    public static StudyAnalysis Of(StudyResult result, long seed)
    {
        var c = result.Candidates.OrderBy(x => x.Index).ToArray();
        if (c.Length < 3) throw new BlockSwapException($"a study needs at least 3 finished candidates to correlate; it has {c.Length}");
        var accuracy = c.Select(x => 100 - x.MeanValidationError).ToArray();
        var error = c.Select(x => x.MeanValidationError).ToArray();
        int inits = c.Min(x => x.Scores.Count);
        var rankings = result.Settings.Proxies.Select(p => new ProxyRanking(p.Name, [p], false))
            .Concat(result.Settings.Ensembles.Select(ProxyRanking.Parse)).ToArray();
        double[] ScoresAt(ProxyRanking r, int init) => r.Values(c.Select(x => x.Scores[init]).ToArray());
        var baseline = ScoresAt(rankings.First(r => r.Name == Baseline), 0);
        int decile = Math.Max(1, (int)Math.Ceiling(c.Length * 0.1));
        var best = error.Order().Take(decile).Max();

        var assessments = rankings.Select((r, k) =>
        {
            var s0 = ScoresAt(r, 0);
            var perInit = Enumerable.Range(0, inits).Select(i => ScoresAt(r, i)).ToArray();
            double Rho(double[] s, int[] idx) => Ranking.Spearman(Bootstrap.Take(s, idx), Bootstrap.Take(accuracy, idx));
            int Pick(double[] s) => Enumerable.Range(0, s.Length).Aggregate((a, b) => s[b] > s[a] ? b : a);
            var pairs = new List<double>();
            for (int i = 0; i < inits; i++)
                for (int j = i + 1; j < inits; j++)
                    pairs.Add(Ranking.Spearman(perInit[i], perInit[j]));
            return new ProxyAssessment
            {
                Proxy = r.Name,
                Description = r.IsEnsemble ? "mean rank of " + string.Join(", ", r.Proxies.Select(p => p.Name)) : r.Proxies[0].Description,
                Spearman = Bootstrap.Interval(c.Length, idx => Rho(s0, idx), Runtime.Seeds.Derive(seed, "rho", k)),
                Kendall = Bootstrap.Interval(c.Length, idx => Ranking.KendallTauB(Bootstrap.Take(s0, idx), Bootstrap.Take(accuracy, idx)), Runtime.Seeds.Derive(seed, "tau", k)),
                MeanSpearmanOverInits = perInit.Average(s => Ranking.Spearman(s, accuracy)),
                Regret = error[Pick(s0)] - error.Min(),
                TopDecileRate = perInit.Count(s => error[Pick(s)] <= best) / (double)inits,
                InitStability = pairs.Count == 0 ? double.NaN : pairs.Average(),
                VersusParams = Bootstrap.Interval(c.Length, idx => Rho(s0, idx) - Rho(baseline, idx), Runtime.Seeds.Derive(seed, "vs-params", k)),
            };
        }).ToArray();

        Estimate? ceiling = null;
        if (c.All(x => x.Trainings.Count >= 2))
        {
            var a = c.Select(x => x.Trainings[0].ValidationError).ToArray();
            var b = c.Select(x => x.Trainings[1].ValidationError).ToArray();
            ceiling = Bootstrap.Interval(c.Length, idx => Ranking.Spearman(Bootstrap.Take(a, idx), Bootstrap.Take(b, idx)), Runtime.Seeds.Derive(seed, "ceiling"));
        }
        return new StudyAnalysis { Proxies = assessments, NoiseCeiling = ceiling, Verdict = Words(assessments, ceiling, c) };
    }

    private static IReadOnlyList<string> Words(ProxyAssessment[] a, Estimate? ceiling, StudyCandidate[] c)
    {
        var lines = new List<string>();
        var ranked = a.Where(x => !double.IsNaN(x.Spearman.Value)).OrderByDescending(x => x.Spearman.Value).ToArray();
        if (ranked.Length > 0)
            lines.Add($"Best ranking: {ranked[0].Proxy}, Spearman ρ = {ranked[0].Spearman} with validation accuracy over {c.Length} candidates.");
        if (a.FirstOrDefault(x => x.Proxy == "fisher") is { } f)
            lines.Add($"Fisher potential (BlockSwap's proxy): ρ = {f.Spearman}, its pick is {f.Regret:F2} points above the best candidate's validation error.");
        var beats = a.Where(x => x.Proxy != Baseline && x.VersusParams.Lower > 0).Select(x => x.Proxy).ToArray();
        var p = a.FirstOrDefault(x => x.Proxy == Baseline);
        lines.Add(beats.Length == 0
            ? $"No proxy beats the trivial baseline params (ρ = {p?.Spearman}) beyond its 95 % interval."
            : $"Beyond the 95 % interval of the paired difference, {string.Join(", ", beats)} rank{(beats.Length == 1 ? "s" : "")} better than params (ρ = {p?.Spearman}).");
        if (ceiling is not null)
            lines.Add($"Training noise: the two training seeds' errors agree with ρ = {ceiling}; no proxy can predict a single training run better than that.");
        var moon = c.Where(x => x.Moonshine is not null).ToArray();
        var sampled = c.Where(x => x.Moonshine is null).ToArray();
        if (moon.Length > 0 && sampled.Length > 0)
        {
            var bestMoon = moon.MinBy(x => x.MeanValidationError)!;
            var bestSampled = sampled.MinBy(x => x.MeanValidationError)!;
            lines.Add($"Mixed versus single type: the best sampled (mixed) candidate reaches {bestSampled.MeanValidationError:F2} % validation error, " +
                      $"the best Moonshine network ({bestMoon.Moonshine}) {bestMoon.MeanValidationError:F2} %.");
        }
        return lines;
    }
}
