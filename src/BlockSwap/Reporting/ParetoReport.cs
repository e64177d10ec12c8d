using System.Globalization;
using System.Text;
using BlockSwap.IO;
using BlockSwap.Search;
using ScottPlot;

namespace BlockSwap.Reporting;

/// <summary>A search's Pareto front in (score, parameters, MACs): front.csv and score-vs-MACs and score-vs-parameters plots.</summary>
public static class ParetoReport
{
    public static CandidateResult[] Write(SearchResult result, string dir)
    {
        var front = ParetoFront.Of(result);
        var scores = result.Candidates.Zip(result.Scores).ToDictionary(x => x.First.Index, x => x.Second);
        var csv = new StringBuilder("index,blocks,params,macs,score\n");
        foreach (var c in front.OrderBy(c => c.Macs))
            csv.Append(CultureInfo.InvariantCulture, $"{c.Index},\"{c.Genotype}\",{c.Params},{c.Macs},{scores[c.Index]:R}\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "front.csv"), csv.ToString());
        foreach (var (axis, name, value) in new (string, string, Func<CandidateResult, double>)[]
                 {
                     ("MACs", "front_macs.png", c => c.Macs), ("parameters", "front_params.png", c => c.Params),
                 })
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
        var line = plot.Add.Scatter(ordered.Select(value).ToArray(), ordered.Select(c => scores[c.Index]).ToArray());
        line.Color = Colors.Red;
        line.MarkerSize = 8;
        line.LegendText = $"Pareto front in (score, parameters, MACs): {front.Length}";
        var s = result.Settings;
        plot.Title($"{s.Architecture.Name} on {s.Dataset}: {s.Ranking.Name} score against {axis}");
        plot.XLabel(axis);
        plot.YLabel($"{s.Ranking.Name} score");
        plot.ShowLegend();
        plot.SavePng(path, 900, 560);
    }
}
