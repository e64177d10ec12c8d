using System.Globalization;
using System.Text;
using System.Text.Json;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Study;

namespace BlockSwap.Outputs.Reporting;

/// <summary>Writes a study's report.json, report.md and plots.</summary>
public static class StudyReportWriter
{
    public static StudyAnalysis Write(StudyResult result, string dir)
    {
        var analysis = StudyAnalysis.Of(result, result.Settings.Seed);
        AtomicFile.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(new
        {
            settings = result.Settings, candidatesFinished = result.Candidates.Count, candidatesInStudy = result.ListLength, analysis,
            candidates = result.Candidates,
        }, JsonFormats.Indented) + "\n");
        var plots = new List<string> { "correlations.png" };
        AtomicFile.Write(Path.Combine(dir, "correlations.png"), tmp => StudyPlots.Correlations(analysis, tmp));
        foreach (var a in analysis.Proxies.Where(x => x.Proxy is not (StudyAnalysis.MacsBaseline or StudyAnalysis.RandomBaseline)))
        {
            var name = $"scatter_{a.Proxy.Replace(':', '_').Replace(',', '+')}.png";
            var ranking = ProxyRanking.Parse(a.Proxy);
            var values = ranking.Values(result.Candidates.Select(c => c.Scores[0]).ToArray());
            var byIndex = result.Candidates.Select((c, i) => (c.Index, values[i])).ToDictionary(x => x.Index, x => x.Item2);
            AtomicFile.Write(Path.Combine(dir, name), tmp => StudyPlots.Scatter(result, a.Proxy, c => byIndex[c.Index], tmp));
            plots.Add(name);
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "report.md"), Markdown(result, analysis, plots));
        return analysis;
    }

    private static string F(double v, string format = "F3") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
    private static string I(BlockSwap.Foundation.Statistics.Estimate e) => $"{F(e.Value)} [{F(e.Lower)}, {F(e.Upper)}]";

    public static string Markdown(StudyResult r, StudyAnalysis a, IReadOnlyList<string> plots)
    {
        var s = r.Settings;
        var sb = new StringBuilder();
        sb.AppendLine($"# Does the ranking work? {s.Architecture.Name} on {s.Dataset}, budget {s.Budget:N0}");
        sb.AppendLine();
        foreach (var line in a.Verdict) sb.AppendLine($"- {line}");
        sb.AppendLine();
        int moon = r.Candidates.Count(c => c.Moonshine is not null), extra = r.Candidates.Count(c => c.Extra is not null);
        sb.AppendLine($"Setup: {Plural.Of(r.Candidates.Count, "candidate")} finished of {r.ListLength} ({r.Candidates.Count(c => c.IsSampled)} sampled in the window " +
                      $"{new BlockSwap.Engine.Networks.BudgetWindow(s.Budget, s.Limits.Window)}, {moon} Moonshine{(extra > 0 ? $", {extra} extra" : "")}); proxies scored at {Plural.Of(s.InitSeeds, "initialisation")}; " +
                      $"each candidate trained {s.TrainSeeds}× for {Plural.Of(s.Training.Epochs, "epoch")} (lr {s.Training.Lr}, batch {s.Training.BatchSize}" +
                      (s.Distilled ? $", attention transfer β={s.Training.AtBeta} from {(s.Teacher ?? $"a teacher trained here for {Plural.Of(s.TeacherEpochs ?? 0, "epoch")}")}" : ", no teacher") +
                      $") on {(s.TrainImages is { } n ? $"{n:N0} training images, after holding out {s.ValidationImages:N0} validation images" : $"the training split less {s.ValidationImages:N0} held-out validation images")}. " +
                      "Correlations use validation error (mean over training seeds); test error is reported, never used.");
        sb.AppendLine();
        sb.AppendLine("| proxy | role | ρ, init-averaged [95 % CI] | p | Holm p | ρ, one init [95 % CI] | ρ per init | ρ, combined score | ρ disattenuated | Kendall τ [95 % CI] | ρ − ρ(params) [95 % CI] | regret (one init) | pick in best 10 % | init stability |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in a.Proxies.OrderByDescending(p => p.Primary).ThenByDescending(p => double.IsNaN(p.Spearman.Value) ? double.MinValue : p.Spearman.Value))
            sb.AppendLine($"| {p.Proxy} | {(p.Primary ? "primary" : p.Baseline ? "baseline" : "secondary")} | {I(p.Spearman)} | {F(p.P)} | {F(p.HolmP)} | {I(p.SpearmanOneInit)} | " +
                          $"{string.Join(", ", p.SpearmanPerInit.Select(v => F(v, "F2")))} | {F(p.SpearmanCombined)} | {F(p.Disattenuated)} | {I(p.Kendall)} | " +
                          $"{(p.Proxy == StudyAnalysis.Baseline ? "–" : I(p.VersusParams))} | {F(p.Regret, "F2")} ({F(p.RegretOneInit, "F2")}) | {p.TopDecileRate:P0} | {F(p.InitStability)} |");
        if (a.Noise is { } c)
            sb.AppendLine($"| *training seeds agree* | | {I(c.SeedAgreement)} | | | | | | | | | | | |");
        sb.AppendLine();
        sb.AppendLine($"Correlations are over the {a.Sampled} sampled candidates only (Moonshine networks are reported apart), against validation *accuracy* " +
                      "(mean over training seeds), so positive is good. The headline ρ ranks by each candidate's mean rank over the initialisations; " +
                      "\"one init\" is the mean of the per-init ρ, what the paper's single-init search achieves; \"combined score\" ranks by the geometric mean of the scores over the initialisations, as `search --inits K` does. p: two-sided, t approximation; Holm p: " +
                      "adjusted over the secondary proxies (Fisher is the primary proxy, tested alone; params, MACs and a random score are baselines). " +
                      "Disattenuated: ρ divided by √(reliability of the mean error over the training seeds). Regret: validation error of the pick minus the best " +
                      $"candidate's (a random pick: {F(a.RandomPickRegret, "F2")}). Init stability: mean Spearman between the scores of different initialisations. " +
                      $"Intervals: percentile bootstrap over candidates, {BlockSwap.Foundation.Statistics.Bootstrap.DefaultResamples:N0} resamples.");
        sb.AppendLine();
        sb.AppendLine("| # | genotype | kind | params | val. error (%) | test error (%) | " + string.Join(" | ", s.Proxies.Select(p => p.Name)) + " |");
        sb.AppendLine("|---:|---|---|---:|---:|---:|" + string.Concat(s.Proxies.Select(_ => "---:|")));
        foreach (var x in r.Candidates.OrderBy(x => x.MeanValidationError))
            sb.AppendLine($"| {x.Index} | `{x.Genotype}` | {(x.Moonshine is not null ? "Moonshine" : x.Extra is { } label ? $"extra: {label}" : "sampled")} | {x.Params:N0} | {F(x.MeanValidationError, "F2")} | {F(x.MeanTestError, "F2")} | " +
                          string.Join(" | ", s.Proxies.Select(p => x.Scores[0][p.Name].ToString("G4", CultureInfo.InvariantCulture))) + " |");
        sb.AppendLine();
        foreach (var p in plots) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(p)}]({p})\n");
        return sb.ToString();
    }
}
