using System.Globalization;
using System.Text;
using System.Text.Json;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Latency;
using BlockSwap.Foundation.Statistics;


namespace BlockSwap.Outputs.Reporting;

/// <summary>Writes report.json, report.md and the PNG plots of a run.</summary>
public static class ReportWriter
{
    public static void Write(RunReport report, string dir)
    {
        AtomicFile.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(report, JsonFormats.Indented) + "\n");
        var plots = new List<string>();
        AtomicFile.Write(Path.Combine(dir, "error_vs_params.png"), tmp => Plots.ErrorVersusParams(report, tmp));
        plots.Add("error_vs_params.png");
        if (report.Budgets.SelectMany(b => b.Rows).Any(r => r.Latency is not null))
        {
            AtomicFile.Write(Path.Combine(dir, "latency_vs_params.png"), tmp => Plots.LatencyVersusParams(report, tmp));
            plots.Add("latency_vs_params.png");
        }
        if (LatencyRoundsCsv.Text(report) is { } rounds)
            AtomicFile.WriteAllText(Path.Combine(dir, LatencyRoundsCsv.FileName), rounds);
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

    private static string F(double? v, string format) => v is { } x && !double.IsNaN(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>A signed difference in points, e.g. +0.12.</summary>
    private static string D(double v) => double.IsNaN(v) ? "–" : v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>A p-value: three decimals, or "&lt; 0.001".</summary>
    private static string P(double p) => double.IsNaN(p) ? "–" : p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Interval(Estimate e, Func<double, string> f) => double.IsNaN(e.Lower) ? "–" : $"[{f(e.Lower)}, {f(e.Upper)}]";

    /// <summary>A latency with its interval, e.g. 0.21 [0.20, 0.22].</summary>
    private static string Ms(BlockSwap.Methods.Latency.LatencyEstimate? e) => e is null ? "–" : $"{F(e.MedianMs, "F3")} [{F(e.LowerMs, "F3")}, {F(e.UpperMs, "F3")}]";

    /// <summary>Mean ± sd over several seeds; the value alone for one (a spread of 0.00 from one seed says nothing).</summary>
    private static string MeanSd(MethodSummary m) => m.Seeds > 1 ? $"{m.MeanError:F2} ± {m.StdError:F2}" : $"{m.MeanError:F2}";

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
        sb.AppendLine($"- Device: {r.Device}; latency = ONNX Runtime inference with BN folded, one CPU thread, median over interleaved rounds " +
                      $"with its 95 % interval, at batch 1 and {LatencyPanel.LargeBatch} (ms)");
        if (r.LatencyLoad is { } load) sb.AppendLine($"- While latency was timed, {load.Describe()}");
        Setups(sb, r);
        sb.AppendLine();
        sb.AppendLine($"| method | seed | genotype | params | MACs | compression | top-1 error (%) | top-5 error (%) | latency ms, batch 1 | latency ms, batch {LatencyPanel.LargeBatch} | search s | train s |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        void Line(ReportRow x) => sb.AppendLine(
            $"| {x.Method}{(x.Note is null ? "" : $" ({x.Note})")} | {x.Seed} | `{x.Genotype}` | {x.Params:N0} | {x.Macs:N0} | {F(x.Compression, "F1")}× | {F(x.Top1Error, "F2")} | {F(x.Top5Error, "F2")} | " +
            $"{(x.Latency is null ? F(x.LatencyMs, "F3") : Ms(x.Latency.Batch1))} | {Ms(x.Latency?.BatchLarge)} | {F(x.SearchSeconds, "F0")} | {F(x.TrainSeconds, "F0")} |");
        Line(r.Teacher);
        foreach (var b in r.Budgets)
        {
            sb.AppendLine($"| **budget {b.Budget:N0}** (window {b.Lower:N0}–{b.Upper:N0}) | | | | | | | | | | | |");
            foreach (var row in b.Rows) Line(row);
        }
        sb.AppendLine();
        foreach (var b in r.Budgets)
        {
            sb.AppendLine($"Budget {b.Budget:N0}" + (b.MoonshineType is null ? "" : $" (Moonshine baseline: uniform {b.MoonshineType})") + ":");
            sb.AppendLine();
            sb.AppendLine($"| method | seeds | test error (%), mean ± sd | 95 % interval of the mean | mean params | mean MACs | latency ms, batch 1 | latency ms, batch {LatencyPanel.LargeBatch} |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var m in b.Methods)
                sb.AppendLine($"| {m.Method} | {m.Seeds} | {MeanSd(m)} | {Interval(m.MeanInterval, v => v.ToString("F2", CultureInfo.InvariantCulture))} | {m.MeanParams:N0} | {m.MeanMacs:N0} | {F(m.LatencyMs, "F3")} | {F(m.LatencyLargeMs, "F3")} |");
            sb.AppendLine();
            if (b.Front.Count > 0)
            {
                sb.AppendLine($"Against the first seed's search front ({b.Front[0].FrontSize} of {b.ProxyScores.Count} candidates not dominated in score at initialisation, parameters, MACs and predicted latency):");
                sb.AppendLine();
                sb.AppendLine("| method | score | params | MACs | predicted latency ms | place |");
                sb.AppendLine("|---|---:|---:|---:|---:|---|");
                foreach (var f in b.Front)
                    sb.AppendLine($"| {f.Method} | {Numbers.Compact(f.Score)} | {f.Params:N0} | {f.Macs:N0} | {F(f.PredictedLatencyMs, "F3")} | " +
                                  (f.DominatedBy == 0 ? "on the front" : $"dominated by {Plural.Of(f.DominatedBy, "candidate")} (e.g. {f.DominatedByIndex})") + " |");
                sb.AppendLine();
            }
        }
        if (r.Analysis is { } a) Comparison(sb, a, r);
        if (FewSeeds(r) is { } caveat) sb.AppendLine(caveat + "\n");
        foreach (var p in plots) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(p)}]({p})\n");
        return sb.ToString();
    }

    /// <summary>
    /// The caveat for means that rest on fewer than three seeds. When every method has so few (a demo-length run) it is
    /// the whole run's; when only some have (a random baseline at two seeds beside ten of the pick's) it names them, so
    /// that the well-powered comparisons are not read as unusable.
    /// </summary>
    internal static string? FewSeeds(RunReport r)
    {
        var methods = r.Budgets.SelectMany(b => b.Methods).ToArray();
        var shortOnes = methods.Where(m => m.Seeds < 3).ToArray();
        var few = shortOnes.Select(m => m.Method).Distinct().ToArray();
        if (few.Length == 0) return null;
        if (few.Length == methods.Select(m => m.Method).Distinct().Count())
            return "**What this run can and cannot show.** With fewer than three seeds per method there is no usable interval: " +
                   "a difference of a point or two between methods can be training noise, especially after a few epochs. Run with " +
                   "`--seeds 3` or more for mean ± sd and paired differences with 95 % intervals, and use `blockswap study` to measure " +
                   "how well the proxy's ranking predicts trained error on your data (docs/study holds one such measurement).";
        var counts = shortOnes.Select(m => m.Seeds).Distinct().ToArray();
        var seeds = counts.Max();
        var shortAt = r.Budgets.Where(b => b.Methods.Any(m => m.Seeds < 3)).Select(b => b.Budget.ToString("N0", CultureInfo.InvariantCulture)).ToArray();
        var where = shortAt.Length == r.Budgets.Count ? " a budget" : $" at budget {Plural.List(shortAt, "and")}";
        var option = few.All(m => m == RunAnalysis.Random) ? "`--random-seeds 3`" : "`--seeds 3` (and `--random-seeds 3`)";
        var (has, its, it) = few.Length == 1 ? ("has", "its", "it") : ("have", "their", "them");
        return $"**What this run can and cannot show.** {Plural.List(few, "and")} {has} " +
               $"{(seeds == 1 ? "one seed" : (counts.Length == 1 ? "" : "at most ") + $"{seeds} seeds")}{where}: " +
               (seeds == 1 ? "no interval, " : $"a 95 % t-interval from two seeds spans ±{Paired.StudentT975(1).ToString("F1", CultureInfo.InvariantCulture)} standard errors, ") +
               $"so {its} means and comparisons there are side results that rank nothing. " +
               $"The other intervals stand. {option} or more gives {it} usable intervals.";
    }

    /// <summary>Which setups (thread count, CPU, libtorch) the trainings ran on; with more than one, which pairs were left out.</summary>
    private static void Setups(StringBuilder sb, RunReport r)
    {
        var setups = r.Budgets.SelectMany(b => b.Rows).Prepend(r.Teacher).Where(x => x.MadeOn is not null)
            .GroupBy(x => x.MadeOn!).OrderByDescending(g => g.Count()).ToArray();
        if (setups.Length == 1) sb.AppendLine($"- Trained with: {setups[0].Key} (every training)");
        if (setups.Length < 2) return;
        sb.AppendLine($"- Trained with {setups.Length} setups, which round differently: " +
                      string.Join("; ", setups.Select(g => $"{g.Key} ({Plural.Of(g.Count(), "training")})")));
        if (r.Analysis is { LeftOut.Count: > 0 } a)
            sb.AppendLine("- Left out of the paired comparisons, their two trainings made on different setups: " +
                          string.Join("; ", a.LeftOut.Select(u => $"budget {u.Budget:N0} seed {u.Seed} ({u.Method} − {u.Baseline})")) +
                          ". Train both again on one setup (the same machine and `--threads`) to pair them.");
    }

    /// <summary>The paired comparison: per budget with Holm's correction and a verdict, pooled, against random, and latency ratios.</summary>
    private static void Comparison(StringBuilder sb, RunAnalysis a, RunReport r)
    {
        string margin = a.Margin.ToString("0.00", CultureInfo.InvariantCulture);
        if (a.PickVersusMoonshine.Count > 0)
        {
            sb.AppendLine("## BlockSwap pick − Moonshine");
            sb.AppendLine();
            sb.AppendLine($"Test error differences in points, paired by seed (negative: the pick is better). Verdict: **better** or **worse** when " +
                          $"the Holm-adjusted paired t-test over the budgets gives p < 0.05; **equal** when not, and the whole 95 % interval lies " +
                          $"inside ±{margin} points (`--margin`); otherwise **cannot tell**. MDD: the difference a paired t-test at 5 % would " +
                          "detect with 80 % power at this spread and seed count.");
            sb.AppendLine();
            sb.AppendLine("| budget | seeds | mean difference | 95 % interval | p (paired t) | p (Holm) | p (Wilcoxon, exact) | MDD | verdict |");
            sb.AppendLine("|---:|---:|---:|---|---:|---:|---:|---:|---|");
            foreach (var c in a.PickVersusMoonshine)
                sb.AppendLine($"| {c.Budget:N0} | {c.Comparison.Pairs} | {D(c.Comparison.Mean)} | {Interval(c.Comparison.Interval, D)} | {P(c.Comparison.TTestP)} | {P(c.AdjustedP)} | " +
                              $"{P(c.Comparison.WilcoxonP)} | {F(c.Comparison.MinimumDetectable, "F2")} | {c.Words} |");
            if (a.Pooled is { } pooled && a.PooledWords is { } words && r.Budgets.Count > 1)
                sb.AppendLine($"| **pooled** (mean over {pooled.Comparisons} budgets) | {pooled.Pairs} | {D(pooled.Mean)} | {Interval(pooled.Interval, D)} | {P(pooled.P)} | | | | {words} |");
            sb.AppendLine();
        }
        if (a.VersusRandom.Count > 0)
        {
            sb.AppendLine("Against the random baseline (secondary: on the seeds it has, no correction):");
            sb.AppendLine();
            sb.AppendLine("| budget | comparison | seeds | mean difference | 95 % interval | p (paired t) |");
            sb.AppendLine("|---:|---|---:|---:|---|---:|");
            foreach (var c in a.VersusRandom)
                sb.AppendLine($"| {c.Budget:N0} | {c.Method} − {c.Baseline} | {c.Comparison.Pairs} | {D(c.Comparison.Mean)} | {Interval(c.Comparison.Interval, D)} | {P(c.Comparison.TTestP)} |");
            sb.AppendLine();
        }
        if (a.LatencyRatios.Count > 0)
        {
            string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
            sb.AppendLine("Latency, pick ÷ Moonshine (geometric mean over seeds of each seed's pick over the Moonshine network; below 1: the pick is faster). " +
                $"The 95 % interval resamples seeds and timing rounds together, so it holds both the spread across searches and every network's timing noise, Moonshine's included; every round is in {LatencyRoundsCsv.FileName}:");
            sb.AppendLine();
            sb.AppendLine($"| budget | seeds | batch 1 | batch {LatencyPanel.LargeBatch} |");
            sb.AppendLine("|---:|---:|---|---|");
            foreach (var l in a.LatencyRatios)
                sb.AppendLine($"| {l.Budget:N0} | {l.Seeds} | {R(l.Batch1.Value)} {Interval(l.Batch1, R)} | {R(l.BatchLarge.Value)} {Interval(l.BatchLarge, R)} |");
            sb.AppendLine();
            var faster = a.LatencyRatios.Where(l => l.Batch1.Upper < 1 && a.PickVersusMoonshine.Any(c => c.Budget == l.Budget && c.Verdict == Verdict.Equal)).Select(l => $"{l.Budget:N0}").ToArray();
            if (faster.Length > 0)
                sb.AppendLine($"At equal error the pick ran faster than Moonshine at batch 1 at budget {string.Join(", ", faster)} (the whole interval of the ratio below 1).\n");
        }
    }
}
