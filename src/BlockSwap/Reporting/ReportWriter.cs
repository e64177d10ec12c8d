using System.Globalization;
using System.Text;
using System.Text.Json;
using BlockSwap.IO;


namespace BlockSwap.Reporting;

/// <summary>Writes report.json, report.md and the PNG plots of a run.</summary>
public static class ReportWriter
{
    public static void Write(RunReport report, string dir)
    {
        AtomicFile.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, JsonFormats.Indented) + "\n");
        var plots = new List<string>();
        AtomicFile.Write(Path.Combine(dir, "error_vs_params.png"), tmp => Plots.ErrorVersusParams(report, tmp));
        plots.Add("error_vs_params.png");
        AtomicFile.Write(Path.Combine(dir, "training_curves.png"), tmp => Plots.TrainingCurves(report, tmp));
        plots.Add("training_curves.png");
        foreach (var b in report.Budgets.Where(b => b.ProxyScores.Count > 0))
        {
            var name = $"scores_{b.Budget}.png";
            AtomicFile.Write(Path.Combine(dir, name), tmp => Plots.ScoreDistribution(report, b, tmp));
            plots.Add(name);
        }
        // A rerun with other budgets leaves no plot of a budget the report no longer has.
        foreach (var stale in Directory.GetFiles(dir, "scores_*.png").Where(f => !plots.Contains(Path.GetFileName(f))))
            File.Delete(stale);
        AtomicFile.WriteAllText(Path.Combine(dir, "report.md"), Markdown(report, plots));
    }

    private static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Markdown(RunReport r, IReadOnlyList<string> plots)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# BlockSwap report: {r.Architecture} on {r.Dataset}");
        sb.AppendLine();
        if (r.SyntheticData) sb.AppendLine("**Data: SYNTHETIC (generated patterns, not a real data set).**\n");
        if (Data.DataSets.FallbackNotice(r.Dataset) is { } notice) sb.AppendLine($"**{notice}**\n");
        sb.AppendLine($"- Data: {r.Dataset}, {r.TrainImages:N0} training / {r.TestImages:N0} test images");
        sb.AppendLine($"- Recipe: {r.Recipe}");
        sb.AppendLine($"- Search: {r.Samples} candidates per budget, ranked by {r.Proxy}");
        sb.AppendLine($"- Device: {r.Device}; latency = median ONNX Runtime inference, batch 1, one CPU thread, BN folded");
        sb.AppendLine();
        sb.AppendLine("| method | genotype | params | MACs | compression | top-1 error (%) | top-5 error (%) | latency ms | search s | train s |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        void Line(ReportRow x) => sb.AppendLine(
            $"| {x.Method}{(x.Note is null ? "" : $" ({x.Note})")} | `{x.Genotype}` | {x.Params:N0} | {x.Macs:N0} | {F(x.Compression, "F1")}× | {F(x.Top1Error, "F2")} | {F(x.Top5Error, "F2")} | {F(x.LatencyMs, "F2")} | {F(x.SearchSeconds, "F0")} | {F(x.TrainSeconds, "F0")} |");
        Line(r.Teacher);
        foreach (var b in r.Budgets)
        {
            sb.AppendLine($"| **budget {b.Budget:N0}** (window {b.Lower:N0}–{b.Upper:N0}) | | | | | | | | | |");
            foreach (var row in b.Rows) Line(row);
        }
        sb.AppendLine();
        foreach (var b in r.Budgets)
        {
            sb.AppendLine($"Budget {b.Budget:N0}" + (b.MoonshineType is null ? "" : $" (Moonshine baseline: uniform {b.MoonshineType})") + ":");
            sb.AppendLine();
            sb.AppendLine("| method | seeds | test error (%), mean ± sd | mean params |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var m in b.Methods)
                sb.AppendLine($"| {m.Method} | {m.Seeds} | {m.MeanError:F2} ± {m.StdError:F2} | {m.MeanParams:N0} |");
            sb.AppendLine();
            if (b.Front.Count > 0)
            {
                sb.AppendLine($"Against the first seed's search front ({b.Front[0].FrontSize} of {b.ProxyScores.Count} candidates not dominated in score at initialisation, parameters, MACs and predicted latency):");
                sb.AppendLine();
                sb.AppendLine("| method | score | params | MACs | predicted latency ms | place |");
                sb.AppendLine("|---|---:|---:|---:|---:|---|");
                foreach (var f in b.Front)
                    sb.AppendLine($"| {f.Method} | {f.Score:G4} | {f.Params:N0} | {f.Macs:N0} | {F(f.PredictedLatencyMs, "F3")} | " +
                                  (f.DominatedBy == 0 ? "on the front" : $"dominated by {Plural.Of(f.DominatedBy, "candidate")} (e.g. {f.DominatedByIndex})") + " |");
                sb.AppendLine();
            }
            foreach (var d in b.Differences)
                sb.AppendLine(d.Seeds >= 2
                    ? $"- {d.Method} − {d.Baseline}: {d.Difference.Value:+0.00;-0.00} points of test error, 95 % interval [{d.Difference.Lower:+0.00;-0.00}, {d.Difference.Upper:+0.00;-0.00}] over {d.Seeds} paired seeds" +
                      (d.Difference.Upper < 0 ? $" ({d.Method} better)" : d.Difference.Lower > 0 ? $" ({d.Baseline} better)" : " (no difference shown)") + "."
                    : $"- {d.Method} − {d.Baseline}: {d.Difference.Value:+0.00;-0.00} points of test error from one seed: no interval can be given.");
            sb.AppendLine();
        }
        if (r.Budgets.Any(b => b.Methods.Any(m => m.Seeds < 3)))
            sb.AppendLine("**What this run can and cannot show.** With fewer than three seeds per method there is no usable interval: " +
                          "a difference of a point or two between methods can be training noise, especially after a few epochs. Run with " +
                          "`--seeds 3` or more for mean ± sd and paired differences with 95 % intervals, and use `blockswap study` to measure " +
                          "how well the proxy's ranking predicts trained error on your data (docs/study holds one such measurement).\n");
        foreach (var p in plots) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(p)}]({p})\n");
        return sb.ToString();
    }
}
