using System.Globalization;
using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Methods.Study;

/// <summary>A study's conclusions in words, each no stronger than its statistic: intervals, corrected p-values, baselines.</summary>
public static class StudyVerdict
{
    private static string F(double v, string format = "F2") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
    private static string P(double p) => double.IsNaN(p) ? "–" : p < 0.001 ? "< 0.001" : p.ToString("F3", CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Words(StudyAnalysis a, IReadOnlyList<StudyCandidate> sampled)
    {
        var lines = new List<string>();
        var byName = a.Proxies.ToDictionary(x => x.Proxy);
        int n = a.Sampled;
        if (byName.TryGetValue(StudyAnalysis.PrimaryProxy, out var f))
        {
            lines.Add($"Primary proxy, Fisher potential (BlockSwap's): its init-averaged score ranks the {n} sampled candidates with Spearman ρ = {f.Spearman} " +
                      $"against validation accuracy (p = {P(f.P)}, {(f.P < 0.05 ? "significant at 5 %" : "not significant at 5 %")}); one initialisation, as the paper's search " +
                      $"scores, gives ρ = {f.SpearmanOneInit} on average (per init: {string.Join(", ", f.SpearmanPerInit.Select(r => F(r, "F3")))}).");
            var baselines = a.Proxies.Where(x => x.Baseline).Select(x => $"{x.Proxy} {F(x.Spearman.Value, "F3")}");
            lines.Add($"Baselines without a network: {string.Join(", ", baselines)}. Fisher − params = {f.VersusParams}: " +
                      (f.VersusParams.Lower > 0 ? "Fisher ranks better than the parameter count beyond the 95 % interval." : "within the 95 % interval of no difference from the parameter count."));
        }
        var secondary = a.Proxies.Where(x => !x.Primary && !x.Baseline).ToArray();
        if (secondary.Length > 0)
        {
            var significant = secondary.Where(x => x.HolmP < 0.05).Select(x => $"{x.Proxy} (ρ = {F(x.Spearman.Value, "F3")}, Holm p = {P(x.HolmP)})").ToArray();
            lines.Add($"Other proxies, Holm-corrected over {secondary.Length}: " +
                      (significant.Length == 0 ? "none correlates with validation accuracy at 5 % after correction." : $"{string.Join(", ", significant)} correlate at 5 % after correction."));
        }
        if (a.Noise is { } noise)
        {
            lines.Add($"Training noise: two training seeds of the same candidate agree with ρ = {noise.SeedAgreement}; the mean of {noise.Seeds} seeds then has reliability " +
                      $"{F(noise.MeanReliability, "F3")} (Spearman–Brown), so no proxy can exceed ρ ≈ {F(noise.CeilingMean, "F3")} against it (≈ {F(noise.CeilingOneRun, "F3")} against one run)" +
                      (f is null ? "." : $"; Fisher's ρ corrected for this noise is {F(f.Disattenuated, "F3")}.") +
                      $" Candidates' mean errors spread by {F(noise.SpreadBetweenCandidates)} points (SD); one run scatters around its candidate's mean by {F(noise.SingleRunNoise)}.");
        }
        if (f is not null)
            lines.Add($"Regret: Fisher's pick (init-averaged) is {F(f.Regret)} points of validation error above the best sampled candidate, a one-init pick " +
                      $"{F(f.RegretOneInit)} on average; a random pick's expected regret is {F(a.RandomPickRegret)}.");
        foreach (var m in a.Moonshine)
            lines.Add($"Moonshine {m.Type} (not in the correlations): {F(m.ValidationError)} % validation error, which would rank {m.RankAmongSampled} of {m.Sampled + 1} " +
                      $"among the sampled candidates (best sampled {F(sampled.Min(x => x.MeanValidationError))} %).");
        foreach (var x in a.Extras)
            lines.Add($"Extra network {x.Label} [{x.Genotype}] (not in the correlations): {F(x.ValidationError)} % validation error, which would rank {x.RankAmongSampled} " +
                      $"of {x.Sampled + 1} among the sampled candidates; its regret is {F(x.Regret)} points (a random pick's expected regret: {F(a.RandomPickRegret)}).");
        return lines;
    }
}
