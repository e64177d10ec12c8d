using System.Globalization;
using CsvHelper;

namespace BlockSwap.Outputs.Reporting;

/// <summary>
/// <c>latency.csv</c>: every round's observation of every network the report timed (each distinct network once, the
/// teacher included), so that the latency medians and the pick ÷ Moonshine intervals can be recomputed from the files a
/// run commits. Columns: network (its genotype), batch, round (from 1; rounds are shared by all networks of one batch
/// size), ms (the median of that round's burst).
/// </summary>
public static class LatencyRoundsCsv
{
    public const string FileName = "latency.csv";

    /// <summary>The file's text, or null when nothing was timed.</summary>
    public static string? Text(RunReport report)
    {
        var networks = report.Budgets.SelectMany(b => b.Rows).Prepend(report.Teacher)
            .Where(r => r.Latency is not null).DistinctBy(r => r.Genotype).ToArray();
        if (networks.Length == 0) return null;
        using var w = new StringWriter();
        using var csv = new CsvWriter(w, CultureInfo.InvariantCulture);
        foreach (var h in new[] { "network", "batch", "round", "ms" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in networks)
            foreach (var e in new[] { r.Latency!.Batch1, r.Latency.BatchLarge })
                for (int i = 0; i < e.RoundMs.Count; i++)
                {
                    csv.WriteField(r.Genotype);
                    csv.WriteField(e.Batch);
                    csv.WriteField(i + 1);
                    csv.WriteField(e.RoundMs[i].ToString("R", CultureInfo.InvariantCulture));
                    csv.NextRecord();
                }
        csv.Flush();
        return w.ToString();
    }
}
