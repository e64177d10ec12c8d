using ScottPlot;

namespace BlockSwap.Reporting;

/// <summary>PNG plots of a run (ScottPlot), drawn with the bundled DejaVu Sans so text renders on machines without fonts.</summary>
public static class Plots
{
    private const string FontName = "DejaVu Sans";
    private static readonly object FontGate = new();
    private static bool fontLoaded;

    internal static Plot NewPlot()
    {
        lock (FontGate)
        {
            if (!fontLoaded)
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
                if (!File.Exists(path))
                    throw new BlockSwapException($"font {path} is missing; reinstall or rebuild BlockSwap.NET (plots would have no text)");
                Fonts.AddFontFile(FontName, path);
                fontLoaded = true;
            }
        }
        var plot = new Plot();
        plot.Font.Set(FontName);
        // Room around the data so points on the extremes (the teacher, the winner) are not cut by the frame.
        plot.Axes.Margins(0.08, 0.1);
        return plot;
    }

    /// <summary>The legend to the right of the data, never over a point (a legend inside once hid the best candidate).</summary>
    internal static void Outside(Plot plot) => plot.ShowLegend(Edge.Right);

    private static readonly Dictionary<string, Color> MethodColours = new()
    {
        ["teacher"] = Colors.Black, ["blockswap"] = Colors.Red, ["moonshine"] = Colors.Blue, ["random"] = Colors.Gray,
    };

    /// <summary>Test error vs parameters for every trained network, one series per method; with several seeds, mean ± sd bars.</summary>
    public static void ErrorVersusParams(RunReport report, string path)
    {
        var plot = NewPlot();
        var all = report.Budgets.SelectMany(b => b.Rows).Prepend(report.Teacher).ToArray();
        foreach (var group in all.GroupBy(r => r.Method))
        {
            var colour = MethodColours.GetValueOrDefault(group.Key, Colors.Green);
            var points = plot.Add.ScatterPoints(group.Select(r => (double)r.Params).ToArray(), group.Select(r => r.Top1Error).ToArray());
            points.LegendText = group.Key;
            points.MarkerSize = 7;
            points.Color = colour.WithAlpha(0.5);
            var spread = report.Budgets.SelectMany(b => b.Methods.Where(m => m.Method == group.Key && m.Seeds > 1)).ToArray();
            if (spread.Length == 0) continue;
            var bars = plot.Add.ErrorBar(spread.Select(m => m.MeanParams).ToArray(), spread.Select(m => m.MeanError).ToArray(), spread.Select(m => m.StdError).ToArray());
            bars.Color = colour;
            var means = plot.Add.ScatterPoints(spread.Select(m => m.MeanParams).ToArray(), spread.Select(m => m.MeanError).ToArray());
            means.MarkerSize = 12;
            means.MarkerShape = MarkerShape.FilledDiamond;
            means.Color = colour;
            means.LegendText = $"{group.Key} mean ± sd";
        }
        plot.Title($"{report.Architecture} on {report.Dataset}: test error vs parameters");
        plot.XLabel("parameters");
        plot.YLabel("top-1 test error (%)");
        Outside(plot);
        plot.SavePng(path, 1000, 560);
    }

    /// <summary>Distribution of the proxy scores of all candidates at one budget, winner marked.</summary>
    public static void ScoreDistribution(RunReport report, BudgetReport budget, string path)
    {
        var plot = NewPlot();
        var scores = budget.ProxyScores.ToArray();
        var hist = ScottPlot.Statistics.Histogram.WithBinCount(Math.Clamp(scores.Length / 5, 5, 40), scores);
        var bars = plot.Add.Bars(hist.Bins.Select(b => b + hist.FirstBinSize / 2).ToArray(), hist.Counts.Select(c => (double)c).ToArray());
        bars.LegendText = $"{scores.Length} candidates";
        foreach (var bar in bars.Bars) bar.Size = hist.FirstBinSize * 0.9;
        if (budget.WinnerScore is { } w)
        {
            var line = plot.Add.VerticalLine(w);
            line.Color = Colors.Red;
            line.LineWidth = 2;
            line.LegendText = "winner";
        }
        plot.Title($"{report.Architecture} on {report.Dataset}: {report.Proxy} scores of the candidates, budget {budget.Budget:N0}");
        plot.XLabel($"{report.Proxy} score");
        plot.YLabel("candidates");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        Outside(plot);
        plot.SavePng(path, 1000, 560);
    }

    /// <summary>Test error after each epoch of every trained network.</summary>
    public static void TrainingCurves(RunReport report, string path)
    {
        var plot = NewPlot();
        // Colour per method, dash pattern per budget, marker per seed: every curve can be told apart.
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        MarkerShape[] markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle];
        var budgets = report.Budgets.Select(b => b.Budget).ToList();
        var seeds = report.Budgets.SelectMany(b => b.Rows).Select(r => r.Seed).Distinct().Order().ToList();
        foreach (var row in report.Budgets.SelectMany(b => b.Rows.Select(r => (b.Budget, Row: r))).Prepend((Budget: 0L, Row: report.Teacher)))
        {
            if (row.Row.Curve.Count == 0) continue;
            var xs = Enumerable.Range(1, row.Row.Curve.Count).Select(i => (double)i).ToArray();
            var line = plot.Add.Scatter(xs, row.Row.Curve.ToArray());
            line.LegendText = row.Budget == 0 ? "teacher" : $"{row.Row.Method} {row.Budget / 1000.0:0.#}k seed {row.Row.Seed}";
            line.Color = MethodColours.GetValueOrDefault(row.Row.Method, Colors.Green);
            line.LineWidth = 2;
            if (row.Budget != 0)
            {
                line.LinePattern = patterns[budgets.IndexOf(row.Budget) % patterns.Length];
                line.MarkerShape = markers[Math.Max(0, seeds.IndexOf(row.Row.Seed)) % markers.Length];
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title($"{report.Architecture} on {report.Dataset}: test error per epoch");
        plot.XLabel("epoch");
        plot.YLabel("top-1 test error (%)");
        Outside(plot);
        plot.SavePng(path, 1050, 560);
    }
}
