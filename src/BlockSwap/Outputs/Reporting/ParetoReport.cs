using System.Globalization;
using System.Text;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Search;
using ScottPlot;

namespace BlockSwap.Outputs.Reporting;

/// <summary>
/// A search's Pareto front in (score, parameters, MACs, and predicted latency when the search predicted it): front.csv
/// and plots of score against MACs, parameters and latency with the front highlighted.
/// </summary>
public static class ParetoReport
{
    /// <summary>The files <see cref="Write"/> writes for a search.</summary>
    public static string[] Files(SearchResult result) =>
        ParetoFront.HasLatency(result.Candidates) ? ["front.csv", "front_macs.png", "front_params.png", "front_latency.png"] : ["front.csv", "front_macs.png", "front_params.png"];

    public static CandidateResult[] Write(SearchResult result, string dir)
    {
        var front = ParetoFront.Of(result);
        var scores = result.Candidates.Zip(result.Scores).ToDictionary(x => x.First.Index, x => x.Second);
        var csv = new StringBuilder("index,blocks,params,macs,latency_pred_ms,latency_ms,score\n");
        foreach (var c in front.OrderBy(c => c.Macs))
            csv.Append(CultureInfo.InvariantCulture, $"{c.Index},\"{c.Genotype}\",{c.Params},{c.Macs},{c.PredictedLatencyMs:R},{c.LatencyMs:R},{scores[c.Index]:R}\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "front.csv"), csv.ToString());
        var axes = new List<(string, string, Func<CandidateResult, double>)> { ("MACs", "front_macs.png", c => c.Macs), ("parameters", "front_params.png", c => c.Params) };
        if (ParetoFront.HasLatency(result.Candidates))
            axes.Add(($"predicted latency (ms, {result.Settings.Latency})", "front_latency.png", c => c.PredictedLatencyMs!.Value));
        foreach (var (axis, name, value) in axes)
            AtomicFile.Write(Path.Combine(dir, name), tmp => Plot(result, front, scores, axis, value, tmp));
        return front;
    }

    private static void Plot(SearchResult result, CandidateResult[] front, Dictionary<int, double> scores, string axis, Func<CandidateResult, double> value, string path)
    {
        var plot = Plots.NewPlot();
        var all = plot.Add.ScatterPoints(result.Candidates.Select(value).ToArray(), result.Candidates.Select(c => scores[c.Index]).ToArray());
        all.Color = Colors.Gray.WithAlpha(0.6);
        all.MarkerSize = 5;
        all.LegendText = $"{result.Candidates.Count} candidates";
        var ordered = front.OrderBy(value).ToArray();
        var line = plot.Add.ScatterPoints(ordered.Select(value).ToArray(), ordered.Select(c => scores[c.Index]).ToArray());
        line.Color = Colors.Red;
        line.MarkerSize = 8;
        line.LegendText = $"Pareto front in {ParetoFront.Objectives(result)}: {front.Length}";
        var s = result.Settings;
        Plots.Title(plot, $"{s.Architecture.Name} on {s.Dataset}: {s.Ranking.Name} score against {axis.Split(" (")[0]}");
        plot.XLabel(axis);
        plot.YLabel($"{s.Ranking.Name} score");
        plot.ShowLegend(Edge.Bottom); // the front's long label would squeeze the data from the side
        plot.SavePng(path, 900, 560);
    }
}
