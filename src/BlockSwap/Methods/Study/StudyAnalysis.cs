using BlockSwap.Methods.Scoring;
using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Methods.Study;

/// <summary>How well one proxy, ensemble or baseline predicted trained validation accuracy of the sampled candidates.</summary>
public sealed record ProxyAssessment
{
    public required string Proxy { get; init; }
    public required string Description { get; init; }
    /// <summary>The primary proxy (Fisher potential, BlockSwap's): tested alone, not corrected for the others.</summary>
    public bool Primary { get; init; }
    /// <summary>A baseline that needs no network (params, MACs, a random score).</summary>
    public bool Baseline { get; init; }
    /// <summary>
    /// The headline: Spearman ρ between the init-averaged score (mean rank over the initialisations) and validation
    /// accuracy, with a bootstrap 95 % interval over candidates.
    /// </summary>
    public required Estimate Spearman { get; init; }
    /// <summary>Two-sided p-value of the headline ρ (t approximation).</summary>
    public double P { get; init; }
    /// <summary>Holm-adjusted p over the non-primary proxies (NaN for the primary proxy and the baselines).</summary>
    public double HolmP { get; init; }
    public required Estimate Kendall { get; init; }
    /// <summary>ρ of each single initialisation's score: what the paper's one-init search ranks by.</summary>
    public required IReadOnlyList<double> SpearmanPerInit { get; init; }
    /// <summary>The mean of <see cref="SpearmanPerInit"/>, with a bootstrap 95 % interval over candidates.</summary>
    public required Estimate SpearmanOneInit { get; init; }
    /// <summary>ρ of the combined score <c>search --inits K</c> ranks by (geometric mean over the inits; their mean where a score is not positive).</summary>
    public double SpearmanCombined { get; init; }
    /// <summary>The headline ρ divided by the ceiling √r of the k-seed mean error (NaN with one training seed).</summary>
    public double Disattenuated { get; init; }
    /// <summary>Validation error of the pick by the init-averaged score minus the best candidate's (points).</summary>
    public double Regret { get; init; }
    /// <summary>The regret of one initialisation's pick, averaged over the initialisations.</summary>
    public double RegretOneInit { get; init; }
    /// <summary>Fraction of initialisations whose pick is among the best 10 % of candidates.</summary>
    public double TopDecileRate { get; init; }
    /// <summary>Mean Spearman between the scores of different initialisations (1 = the ranking does not depend on the init).</summary>
    public double InitStability { get; init; }
    /// <summary>Headline ρ of this proxy minus that of <c>params</c>, paired bootstrap over candidates.</summary>
    public required Estimate VersusParams { get; init; }
}

/// <summary>Seed-to-seed agreement of trained errors and what it bounds.</summary>
public sealed record TrainingNoise
{
    /// <summary>Spearman between the validation errors of two training seeds (mean over seed pairs), with a bootstrap interval.</summary>
    public required Estimate SeedAgreement { get; init; }
    public required int Seeds { get; init; }
    /// <summary>Reliability of the mean error over <see cref="Seeds"/> seeds (Spearman–Brown).</summary>
    public double MeanReliability { get; init; }
    /// <summary>The highest ρ a proxy can reach against one training run: √r.</summary>
    public double CeilingOneRun { get; init; }
    /// <summary>The highest ρ a proxy can reach against the k-seed mean the correlations use: √r_k.</summary>
    public double CeilingMean { get; init; }
    /// <summary>Standard deviation of the mean validation error between candidates, and of one run around its candidate's mean (points).</summary>
    public double SpreadBetweenCandidates { get; init; }
    public double SingleRunNoise { get; init; }
}

/// <summary>A Moonshine network of the study, kept out of the correlations and reported beside the sampled candidates.</summary>
public sealed record MoonshineResult(string Type, double ValidationError, int RankAmongSampled, int Sampled);

/// <summary>A user's extra network, kept out of the correlations: its rank among the sampled candidates and its regret (error − best sampled error, points).</summary>
public sealed record ExtraResult(string Label, string Genotype, double ValidationError, int RankAmongSampled, int Sampled, double Regret);

/// <summary>
/// The statistics of a study (docs/statistics.md): one assessment per proxy and baseline over the sampled candidates, the
/// training noise and the ceiling it sets, the Moonshine networks beside them, and the verdict in words.
/// </summary>
public sealed record StudyAnalysis
{
    public required IReadOnlyList<ProxyAssessment> Proxies { get; init; }
    public TrainingNoise? Noise { get; init; }
    /// <summary>Expected regret of a uniformly random pick among the sampled candidates: mean error − best error (points).</summary>
    public double RandomPickRegret { get; init; }
    public required IReadOnlyList<MoonshineResult> Moonshine { get; init; }
    public IReadOnlyList<ExtraResult> Extras { get; init; } = [];
    public required int Sampled { get; init; }
    public required IReadOnlyList<string> Verdict { get; init; }

    public const string Baseline = "params";
    public const string PrimaryProxy = "fisher";
    public const string MacsBaseline = "macs";
    public const string RandomBaseline = "random";

    /// <summary>The fewest finished sampled candidates a rank correlation is computed over.</summary>
    public const int MinimumSampled = 3;

    public static StudyAnalysis Of(StudyResult result, long seed)
    {
        var all = result.Candidates.OrderBy(x => x.Index).ToArray();
        var c = all.Where(x => x.IsSampled).ToArray();
        if (c.Length < MinimumSampled) throw new BlockSwapException($"a study needs at least {MinimumSampled} finished sampled candidates to correlate; it has {c.Length}");
        var accuracy = c.Select(x => 100 - x.MeanValidationError).ToArray();
        var error = c.Select(x => x.MeanValidationError).ToArray();
        int inits = c.Min(x => x.Scores.Count);
        var rankings = result.Settings.Proxies.Select(p => new ProxyRanking(p.Name, [p], false))
            .Concat(result.Settings.Ensembles).ToArray();

        // Every ranking as scores per init; baselines that need no network are added beside the proxies.
        var random = new Random((int)(BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "random-baseline") & 0x7FFF_FFFF));
        var scored = rankings.Select(r => new Scored(r.Name, r.IsEnsemble ? "mean rank of " + string.Join(", ", r.Proxies.Select(p => p.Name)) : r.Proxies[0].Description,
                Enumerable.Range(0, inits).Select(i => r.Values(c.Select(x => x.Scores[i]).ToArray())).ToArray(), r.Name == Baseline))
            .Append(new Scored(MacsBaseline, "multiply-accumulates of the network (more = better)", Enumerable.Range(0, inits).Select(_ => c.Select(x => (double)x.Macs).ToArray()).ToArray(), true))
            .Append(new Scored(RandomBaseline, "a seeded random score (what chance gives)", Enumerable.Range(0, inits).Select(_ => c.Select(_ => random.NextDouble()).ToArray()).ToArray(), true))
            .ToArray();
        var baselineScore = MeanRank(scored.First(s => s.Name == Baseline).PerInit);
        int decile = Math.Max(1, (int)Math.Ceiling(c.Length * 0.1));
        var bestDecile = error.Order().Take(decile).Max();
        double Rho(double[] s, int[] idx) => Ranking.Spearman(Bootstrap.Take(s, idx), Bootstrap.Take(accuracy, idx));
        double RegretOf(double[] s) => error[Pick(s)] - error.Min();

        var assessments = scored.Select((r, k) =>
        {
            var averaged = MeanRank(r.PerInit);
            var pairs = new List<double>();
            for (int i = 0; i < inits; i++)
                for (int j = i + 1; j < inits; j++)
                    pairs.Add(Ranking.Spearman(r.PerInit[i], r.PerInit[j]));
            var spearman = Bootstrap.Interval(c.Length, idx => Rho(averaged, idx), BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "rho", k));
            return new ProxyAssessment
            {
                Proxy = r.Name,
                Description = r.Description,
                Primary = r.Name == PrimaryProxy,
                Baseline = r.IsBaseline,
                Spearman = spearman,
                P = Significance.SpearmanP(spearman.Value, c.Length),
                HolmP = double.NaN,
                Kendall = Bootstrap.Interval(c.Length, idx => Ranking.KendallTauB(Bootstrap.Take(averaged, idx), Bootstrap.Take(accuracy, idx)), BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "tau", k)),
                SpearmanPerInit = r.PerInit.Select(s => Ranking.Spearman(s, accuracy)).ToArray(),
                SpearmanCombined = Ranking.Spearman(Enumerable.Range(0, c.Length).Select(j => Search.CandidateScorer.Combine(r.PerInit.Select(s => s[j]).ToArray())).ToArray(), accuracy),
                SpearmanOneInit = Bootstrap.Interval(c.Length, idx => r.PerInit.Average(s => Rho(s, idx)), BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "rho-one-init", k)),
                Regret = RegretOf(averaged),
                RegretOneInit = r.PerInit.Average(RegretOf),
                TopDecileRate = r.PerInit.Count(s => error[Pick(s)] <= bestDecile) / (double)inits,
                InitStability = pairs.Count == 0 ? double.NaN : pairs.Average(),
                VersusParams = Bootstrap.Interval(c.Length, idx => Rho(averaged, idx) - Rho(baselineScore, idx), BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "vs-params", k)),
            };
        }).ToArray();

        // Holm over the secondary proxies (not the primary one, not the baselines).
        var secondary = assessments.Select((a, i) => (a, i)).Where(x => !x.a.Primary && !x.a.Baseline).ToArray();
        var holm = Significance.Holm(secondary.Select(x => x.a.P).ToArray());
        for (int j = 0; j < secondary.Length; j++) assessments[secondary[j].i] = secondary[j].a with { HolmP = holm[j] };

        var noise = MeasureNoise(c, seed);
        if (noise is not null)
            for (int i = 0; i < assessments.Length; i++)
                assessments[i] = assessments[i] with { Disattenuated = Reliability.Disattenuated(assessments[i].Spearman.Value, noise.MeanReliability) };

        var moonshine = all.Where(x => x.Moonshine is not null)
            .Select(m => new MoonshineResult(m.Moonshine!, m.MeanValidationError, 1 + error.Count(e => e < m.MeanValidationError), c.Length)).ToArray();
        var extras = all.Where(x => x.Extra is not null)
            .Select(x => new ExtraResult(x.Extra!, x.Genotype.ToString(), x.MeanValidationError, 1 + error.Count(e => e < x.MeanValidationError), c.Length, x.MeanValidationError - error.Min()))
            .ToArray();
        var analysis = new StudyAnalysis
        {
            Proxies = assessments, Noise = noise, RandomPickRegret = error.Average() - error.Min(), Moonshine = moonshine, Extras = extras, Sampled = c.Length, Verdict = [],
        };
        return analysis with { Verdict = StudyVerdict.Words(analysis, c) };
    }

    private sealed record Scored(string Name, string Description, double[][] PerInit, bool IsBaseline);

    /// <summary>Index of the highest score (the first of equals).</summary>
    public static int Pick(IReadOnlyList<double> s) => Enumerable.Range(0, s.Count).Aggregate((a, b) => s[b] > s[a] ? b : a);

    /// <summary>The mean over initialisations of each candidate's rank: the init-averaged score (higher = better).</summary>
    public static double[] MeanRank(IReadOnlyList<double[]> perInit)
    {
        var ranks = perInit.Select(Ranking.AverageRanks).ToArray();
        return Enumerable.Range(0, perInit[0].Length).Select(j => ranks.Average(r => r[j])).ToArray();
    }

    private static TrainingNoise? MeasureNoise(StudyCandidate[] c, long seed)
    {
        int seeds = c.Min(x => x.Trainings.Count);
        if (seeds < 2) return null;
        var runs = Enumerable.Range(0, seeds).Select(t => c.Select(x => x.Trainings[t].ValidationError).ToArray()).ToArray();
        double Agreement(int[] idx)
        {
            var values = new List<double>();
            for (int a = 0; a < seeds; a++)
                for (int b = a + 1; b < seeds; b++)
                    values.Add(Ranking.Spearman(Bootstrap.Take(runs[a], idx), Bootstrap.Take(runs[b], idx)));
            return values.Average();
        }
        var agreement = Bootstrap.Interval(c.Length, Agreement, BlockSwap.Foundation.Runtime.Seeds.Derive(seed, "ceiling"));
        double rk = Reliability.SpearmanBrown(agreement.Value, seeds);
        var means = c.Select(x => x.MeanValidationError).ToArray();
        var residuals = c.SelectMany(x => x.Trainings.Take(seeds).Select(t => t.ValidationError - x.MeanValidationError)).ToArray();
        return new TrainingNoise
        {
            SeedAgreement = agreement, Seeds = seeds, MeanReliability = rk,
            CeilingOneRun = Reliability.Ceiling(agreement.Value), CeilingMean = Reliability.Ceiling(rk),
            SpreadBetweenCandidates = Paired.StandardDeviation(means),
            // Pooled within-candidate SD of one run (n − 1 per candidate).
            SingleRunNoise = Math.Sqrt(residuals.Sum(v => v * v) / (c.Length * (seeds - 1))),
        };
    }
}
