using ScottPlot;

namespace BlockSwap.Outputs.Reporting;

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
    internal static void Outside(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        // Room inside the frame: the first entry's text once touched (and was clipped by) the legend's border.
        plot.Legend.Padding = new PixelPadding(10, 10, 12, 10);
    }

    // Colour-blind-safe (Okabe–Ito) and far apart: the teacher black, random orange rather than a gray near the teacher's.
    private static readonly Dictionary<string, Color> MethodColours = new()
    {
        ["teacher"] = Colors.Black, ["blockswap"] = Color.FromHex("#D55E00"), ["moonshine"] = Color.FromHex("#0072B2"), ["random"] = Color.FromHex("#E69F00"),
    };

    private static readonly Dictionary<string, MarkerShape> MethodMarkers = new()
    {
        ["blockswap"] = MarkerShape.FilledCircle, ["moonshine"] = MarkerShape.FilledSquare, ["random"] = MarkerShape.FilledTriangleUp,
    };

    private static Color ColourOf(string method) => MethodColours.GetValueOrDefault(method, Color.FromHex("#009E73"));

    /// <summary>
    /// A log-scaled parameter axis: the values are plotted as log10, ticked at 1, 2 and 5 per decade and labelled in
    /// thousands (students of a tenth of the teacher's size no longer crowd the left edge).
    /// </summary>
    internal static void LogParameterAxis(Plot plot, IEnumerable<double> parameters)
    {
        var p = parameters.Where(x => x > 0).ToArray();
        double lo = Math.Log10(p.Min()), hi = Math.Log10(p.Max());
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(lo) - 1; decade <= (int)Math.Ceiling(hi) + 1; decade++)
            foreach (int m in new[] { 1, 2, 5 })
            {
                double v = m * Math.Pow(10, decade), l = Math.Log10(v);
                if (l >= lo - 0.15 && l <= hi + 0.15) ticks.AddMajor(l, Count(v));
            }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(lo - 0.1, hi + 0.1);
    }

    /// <summary>A parameter count in words of the axis: 20K, 1.5M.</summary>
    internal static string Count(double v) => v >= 1e6 ? $"{v / 1e6:0.#}M" : v >= 1e3 ? $"{v / 1e3:0.#}K" : $"{v:0}";

    /// <summary>Fewer, round ticks on a value axis (every 0.5 point was too dense).</summary>
    internal static void SparseTicks(IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 6 };

    /// <summary>
    /// The fewest seeds whose t-interval of the mean the plots draw: two seeds' reaches ±12.7 standard deviations, and
    /// the random arm's two-seed bars once set the scale of the whole error plot. The points still show every network.
    /// </summary>
    internal const int SeedsForInterval = 3;

    /// <summary>How far apart (log10 of parameters) the methods at one budget stand, so their markers and bars do not cover each other.</summary>
    internal const double DodgeStep = 0.025;

    /// <summary>Each method's sideways offset on the log parameter axis, centred on the budget.</summary>
    internal static IReadOnlyDictionary<string, double> Dodge(IEnumerable<string> methods)
    {
        var m = methods.Distinct().ToArray();
        return m.Select((name, i) => (name, (i - (m.Length - 1) / 2.0) * DodgeStep)).ToDictionary(x => x.name, x => x.Item2);
    }

    /// <summary>
    /// A method's legend entry, saying what its large markers are: the method alone for one seed; the summary's name
    /// where every budget draws its interval; otherwise the seeds behind a mean with no interval drawn.
    /// </summary>
    internal static string LegendName(string method, IReadOnlyList<int> seedsPerBudget, bool hasIntervals, string summaryName)
    {
        if (seedsPerBudget.All(n => n <= 1)) return method;
        if (!hasIntervals) return $"{method}: {summaryName}";
        int drawn = seedsPerBudget.Count(n => n >= SeedsForInterval);
        if (drawn == seedsPerBudget.Count) return $"{method}: {summaryName}";
        if (drawn > 0) return $"{method}: {summaryName} where {SeedsForInterval}+ seeds";
        return seedsPerBudget.Distinct().Count() == 1 ? $"{method}: mean of {seedsPerBudget[0]} seeds" : $"{method}: mean of {seedsPerBudget.Min()}–{seedsPerBudget.Max()} seeds";
    }

    /// <summary>
    /// A value per method and budget against parameters on a log axis, the methods set side by side: each network as a
    /// small translucent point (with its own interval where it has one), the mean over seeds as a large marker with its 95 % interval where it has
    /// <see cref="SeedsForInterval"/> seeds, labelled with its method where the budgets are few enough to read labels;
    /// the teacher as a dashed reference line.
    /// </summary>
    private static void PerMethod(Plot plot, RunReport report, Func<ReportRow, double?> value, Func<MethodSummary, (double Mean, double Lower, double Upper)?> summary,
        Func<ReportRow, (double Lower, double Upper)?> rowInterval, string summaryName)
    {
        var rows = report.Budgets.SelectMany(b => b.Rows).ToArray();
        var xs = rows.Select(r => (double)r.Params).Append(report.Teacher.Params).ToArray();
        LogParameterAxis(plot, xs);
        var dodge = Dodge(rows.Select(r => r.Method));
        bool label = report.Budgets.Count <= 2;
        foreach (var method in dodge.Keys)
        {
            var colour = ColourOf(method);
            var shape = MethodMarkers.GetValueOrDefault(method, MarkerShape.FilledDiamond);
            var mine = rows.Where(r => r.Method == method && value(r) is not null).ToArray();
            var points = plot.Add.ScatterPoints(mine.Select(r => Math.Log10(r.Params) + dodge[method]).ToArray(), mine.Select(r => value(r)!.Value).ToArray());
            points.MarkerSize = 6;
            points.MarkerShape = shape;
            points.Color = colour.WithAlpha(0.35);
            foreach (var r in mine)
                if (rowInterval(r) is { } ri)
                {
                    double v = value(r)!.Value;
                    Bar(plot, Math.Log10(r.Params) + dodge[method], v, v - ri.Lower, ri.Upper - v).Color = colour.WithAlpha(0.5);
                }
            var summaries = report.Budgets.Select(b => b.Methods.FirstOrDefault(x => x.Method == method))
                .Where(m => m is not null && summary(m) is not null).Select(m => (Summary: m!, Value: summary(m!)!.Value)).ToArray();
            var legend = LegendName(method, summaries.Select(m => m.Summary.Seeds).ToArray(), summaries.Any(m => !double.IsNaN(m.Value.Lower)), summaryName);
            foreach (var (i, (m, s)) in summaries.Index())
            {
                double x = Math.Log10(m.MeanParams) + dodge[method];
                if (!double.IsNaN(s.Lower) && m.Seeds >= SeedsForInterval)
                {
                    var bar = Bar(plot, x, s.Mean, s.Mean - s.Lower, s.Upper - s.Mean);
                    bar.Color = colour;
                    bar.LineWidth = 2;
                }
                var mean = plot.Add.ScatterPoints(new[] { x }, new[] { s.Mean });
                mean.MarkerSize = 13;
                mean.MarkerShape = shape;
                mean.Color = colour;
                mean.MarkerLineColor = Colors.White;
                if (i == 0) mean.LegendText = legend;
                if (label)
                {
                    var text = plot.Add.Text($" {method}", x, s.Mean);
                    text.LabelFontColor = colour;
                    text.LabelFontSize = 13;
                    text.LabelAlignment = Alignment.MiddleLeft;
                }
            }
        }
        if (value(report.Teacher) is { } t)
        {
            var line = plot.Add.HorizontalLine(t);
            line.Color = Colors.Black.WithAlpha(0.6);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"teacher ({Count(report.Teacher.Params)} params)";
            var point = plot.Add.ScatterPoints(new[] { Math.Log10(report.Teacher.Params) }, new[] { t });
            point.Color = Colors.Black;
            point.MarkerSize = 11;
            point.MarkerShape = MarkerShape.FilledDiamond;
            if (rowInterval(report.Teacher) is { } ti)
            {
                var bar = Bar(plot, Math.Log10(report.Teacher.Params), t, t - ti.Lower, ti.Upper - t);
                bar.Color = Colors.Black;
            }
        }
        SparseTicks(plot.Axes.Left);
    }

    /// <summary>A vertical interval at one point, from y − minus to y + plus.</summary>
    private static ScottPlot.Plottables.ErrorBar Bar(Plot plot, double x, double y, double minus, double plus)
    {
        var bar = plot.Add.ErrorBar(new[] { x }, new[] { y }, new[] { plus });
        bar.YErrorNegative = new[] { minus };
        bar.YErrorPositive = new[] { plus };
        return bar;
    }

    /// <summary>Test error against parameters (log x): every network, and per method and budget the mean with its 95 % interval.</summary>
    public static void ErrorVersusParams(RunReport report, string path)
    {
        var plot = NewPlot();
        PerMethod(plot, report, r => r.Top1Error, m => (m.MeanError, m.MeanInterval.Lower, m.MeanInterval.Upper), _ => null, "mean, 95 % interval");
        Title(plot, $"{report.Architecture} on {report.Dataset}: test error against parameters");
        plot.XLabel("parameters (log scale; the methods of a budget side by side)");
        plot.YLabel("top-1 test error (%)");
        Outside(plot);
        plot.SavePng(path, 1000, 560);
    }

    /// <summary>Batch-1 latency against parameters (log x): every network with its interval, and per method and budget the geometric mean.</summary>
    public static void LatencyVersusParams(RunReport report, string path)
    {
        var plot = NewPlot();
        PerMethod(plot, report, r => r.Latency?.Batch1.MedianMs, m => m.LatencyMs is { } l ? (l, double.NaN, double.NaN) : null,
            r => r.Latency is { } l ? (l.Batch1.LowerMs, l.Batch1.UpperMs) : null, "geometric mean over seeds");
        Title(plot, $"{report.Architecture} on {report.Dataset}: ONNX Runtime latency (batch 1, one thread) against parameters");
        plot.XLabel("parameters (log scale; the methods of a budget side by side)");
        plot.YLabel("latency (ms), median and 95 % interval");
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
        Title(plot, $"{report.Architecture} on {report.Dataset}: {report.Proxy} scores of the candidates, budget {budget.Budget:N0}");
        plot.XLabel($"{report.Proxy} score at initialisation");
        plot.YLabel("candidates");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Numbers.Compact, TargetTickCount = 6 };
        // Counts start at zero: the axis margin once ran the y axis below 0.
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, hist.Counts.Max() * 1.1);
        Outside(plot);
        plot.SavePng(path, 1000, 560);
    }

    /// <summary>
    /// Test error after each epoch: the teacher, and per method and budget the mean over seeds, each seed a faint line
    /// behind it (one seed: its own line). Colour per method; dash pattern and marker per budget.
    /// </summary>
    public static void TrainingCurves(RunReport report, string path)
    {
        var plot = NewPlot();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        MarkerShape[] markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle];
        static double[] Epochs(int n) => Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        if (report.Teacher.Curve.Count > 0)
        {
            var teacher = plot.Add.Scatter(Epochs(report.Teacher.Curve.Count), report.Teacher.Curve.ToArray());
            teacher.LegendText = "teacher";
            teacher.Color = ColourOf("teacher");
            teacher.LineWidth = 2;
        }
        var budgets = report.Budgets.Select(b => b.Budget).ToList();
        foreach (var group in CurveGroup.Of(report))
        {
            var colour = ColourOf(group.Method);
            var pattern = patterns[budgets.IndexOf(group.Budget) % patterns.Length];
            if (group.Curves.Count > 1)
                foreach (var curve in group.Curves)
                {
                    var seed = plot.Add.Scatter(Epochs(curve.Count), curve.ToArray());
                    seed.Color = colour.WithAlpha(0.25);
                    seed.LineWidth = 1;
                    seed.LinePattern = pattern;
                    seed.MarkerSize = 0;
                }
            var mean = group.Mean;
            var line = plot.Add.Scatter(Epochs(mean.Count), mean.ToArray());
            line.LegendText = group.Label;
            line.Color = colour;
            line.LineWidth = 2.5f;
            line.LinePattern = pattern;
            line.MarkerShape = markers[budgets.IndexOf(group.Budget) % markers.Length];
            line.MarkerSize = 7;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        SparseTicks(plot.Axes.Left);
        Title(plot, $"{report.Architecture} on {report.Dataset}: test error per epoch");
        plot.XLabel("epoch");
        plot.YLabel("top-1 test error (%)");
        Outside(plot);
        plot.SavePng(path, 1050, 560);
    }

    /// <summary>
    /// The longest title line, in characters, that fits above the data beside an outside legend: a 1000-pixel figure
    /// with the widest legend (latency's) leaves about 700 pixels, some 78 characters; an 88-character title was cut.
    /// </summary>
    internal const int TitleWidth = 75;

    /// <summary>A title over the data, broken into lines where it is too long (ScottPlot centres it on the data and cuts what runs past the figure's edge).</summary>
    internal static void Title(Plot plot, string text) => plot.Title(string.Join("\n", Wrap(text, TitleWidth)));

    /// <summary>
    /// A title in lines of at most <paramref name="width"/> characters: after its "subject:" where both halves fit,
    /// else in as few balanced lines as greedy filling needs (a word longer than the width stands on its own line).
    /// </summary>
    internal static IReadOnlyList<string> Wrap(string text, int width)
    {
        if (text.Length <= width) return text.Length == 0 ? [] : [text];
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && colon + 1 <= width && text.Length - colon - 2 <= width) return [text[..(colon + 1)], text[(colon + 2)..]];
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int fewest = Fill(words, width).Count;
        // Greedy filling never needs more lines at a larger width, so the narrowest that still needs the fewest balances them.
        for (int target = 1; ; target++)
            if (Fill(words, target) is var lines && lines.Count <= fewest) return lines;
    }

    private static List<string> Fill(string[] words, int width)
    {
        var lines = new List<string>();
        foreach (var w in words)
        {
            if (lines.Count > 0 && lines[^1].Length + 1 + w.Length <= width) lines[^1] += " " + w;
            else lines.Add(w);
        }
        return lines;
    }
}
