using BlockSwap.Methods.Study;
using ScottPlot;

namespace BlockSwap.Outputs.Reporting;

/// <summary>A study's plots: score against validation error per proxy, and every proxy's ρ with its interval.</summary>
public static class StudyPlots
{
    /// <summary>
    /// One proxy's scores (first initialisation) against validation error; Moonshine and extra networks marked. A proxy
    /// whose positive scores span more than two decades is drawn on a log axis (synflow's once read 5,000,000,000,000,000).
    /// </summary>
    public static void Scatter(StudyResult result, string proxy, Func<StudyCandidate, double> score, string path)
    {
        var plot = Plots.NewPlot();
        var all = result.Candidates.Select(score).Where(double.IsFinite).ToArray();
        bool log = all.Length > 1 && all.All(v => v > 0) && all.Max() / all.Min() > 100;
        double X(StudyCandidate c) => log ? Math.Log10(score(c)) : score(c);
        foreach (var (label, members, colour, shape) in new[]
                 {
                     ("sampled (mixed)", result.Candidates.Where(c => c.IsSampled).ToArray(), Color.FromHex("#D55E00"), MarkerShape.FilledCircle),
                     ("Moonshine (one type)", result.Candidates.Where(c => c.Moonshine is not null).ToArray(), Color.FromHex("#0072B2"), MarkerShape.FilledSquare),
                     ("extra (--extra)", result.Candidates.Where(c => c.Extra is not null).ToArray(), Color.FromHex("#009E73"), MarkerShape.FilledDiamond),
                 })
        {
            var shown = members.Where(c => double.IsFinite(score(c))).ToArray();
            if (shown.Length == 0) continue;
            var points = plot.Add.ScatterPoints(shown.Select(X).ToArray(), shown.Select(c => c.MeanValidationError).ToArray());
            points.LegendText = label;
            points.Color = colour;
            points.MarkerShape = shape;
            points.MarkerSize = 9;
        }
        var a = result.Settings.Architecture;
        Plots.Title(plot, $"{proxy} against trained error: {a.Name} on {result.Settings.Dataset}, budget {result.Settings.Budget:N0}");
        string what = proxy switch { "params" => "parameters", "macs" => "multiply-accumulates", "random" => "random score (a baseline)", _ => $"{proxy} score at initialisation" };
        plot.XLabel(log ? $"{what} (log scale)" : what);
        plot.Axes.Bottom.TickGenerator = log
            ? new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => Numbers.Compact(Math.Pow(10, v)) }
            : new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Numbers.Compact, TargetTickCount = 6 };
        plot.YLabel("validation error (%), mean over training seeds");
        Plots.SparseTicks(plot.Axes.Left);
        Plots.Outside(plot);
        plot.SavePng(path, 900, 520);
    }

    /// <summary>Spearman ρ of every proxy with validation accuracy, 95 % bootstrap intervals, and the training-noise ceiling.</summary>
    public static void Correlations(StudyAnalysis analysis, string path)
    {
        var plot = Plots.NewPlot();
        var rows = analysis.Proxies.ToArray();
        // Colour says what a bar is: the primary proxy, a baseline that needs no proxy, or another proxy (the key says so).
        Color Colour(ProxyAssessment r) => r.Baseline ? Colors.Gray : r.Proxy == "fisher" ? Colors.Red : Colors.SteelBlue;
        plot.Add.Bars(rows.Select((r, i) => new Bar { Position = i, Value = r.Spearman.Value, FillColor = Colour(r) }).ToArray());
        // A marker at every ρ: a bar of height 0 is invisible, a point is not.
        var marks = plot.Add.ScatterPoints(rows.Select((_, i) => (double)i).ToArray(), rows.Select(r => r.Spearman.Value).ToArray());
        marks.Color = Colors.Black;
        marks.MarkerShape = MarkerShape.FilledCircle;
        marks.MarkerSize = 5;
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black.WithAlpha(0.5);
        zero.LineWidth = 1;
        var errors = plot.Add.ErrorBar(rows.Select((_, i) => (double)i).ToArray(), rows.Select(r => r.Spearman.Value).ToArray(), rows.Select(_ => 0.0).ToArray());
        errors.YErrorPositive = rows.Select(r => double.IsNaN(r.Spearman.Upper) ? 0 : r.Spearman.Upper - r.Spearman.Value).ToArray();
        errors.YErrorNegative = rows.Select(r => double.IsNaN(r.Spearman.Lower) ? 0 : r.Spearman.Value - r.Spearman.Lower).ToArray();
        errors.Color = Colors.Black;
        bool ensembles = rows.Any(r => r.Proxy.StartsWith(BlockSwap.Methods.Scoring.ProxyRanking.EnsemblePrefix, StringComparison.Ordinal));
        foreach (var (label, colour) in new[] { ("fisher (the primary proxy)", Colors.Red), (ensembles ? "other proxies and ensembles" : "other proxies", Colors.SteelBlue), ("baselines (params, MACs, random)", Colors.Gray) })
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = colour, LineWidth = 0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "95 % bootstrap interval", LineColor = Colors.Black, LineWidth = 1 });
        if (analysis.Noise is { CeilingMean: > 0 } noise)
        {
            var line = plot.Add.HorizontalLine(noise.CeilingMean);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.DarkGreen;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = $"training-noise ceiling √r = {noise.CeilingMean:F2}\n(mean of {noise.Seeds} seeds)", LineColor = Colors.DarkGreen, LineWidth = 2, LinePattern = LinePattern.Dashed,
            });
        }
        Plots.Outside(plot);
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => (double)i).ToArray(), rows.Select(r => r.Proxy.Replace(BlockSwap.Methods.Scoring.ProxyRanking.EnsemblePrefix, "ens:")).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // No tick marks: beside a rotated label a tick reads as a leading dash ("-fisher").
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        // Room for the longest rotated label and no more (a fixed 150 px once left a blank band above the axis title).
        int longest = rows.Max(r => r.Proxy.Replace(BlockSwap.Methods.Scoring.ProxyRanking.EnsemblePrefix, "ens:").Length);
        plot.Axes.Bottom.MinimumSize = 30 + 7.5f * longest * 0.71f;
        plot.XLabel(ensembles ? "proxy (ensembles as ens:a,b: the mean rank of a and b)" : "proxy");
        Plots.Title(plot, $"Spearman ρ of each proxy with validation accuracy ({analysis.Sampled} sampled candidates)");
        plot.YLabel("Spearman ρ");
        Plots.SparseTicks(plot.Axes.Left);
        plot.SavePng(path, 1100, 640);
    }
}
