using System.Globalization;
using BlockSwap.Engine.Networks;
using CsvHelper;
using CsvHelper.Configuration;

namespace BlockSwap.Methods.Search;

/// <summary>One scored candidate: its index in the seeded list, genotype, size and proxy values.</summary>
public sealed record CandidateResult(int Index, Genotype Genotype, long Params, long Macs, IReadOnlyDictionary<string, double> Proxies, double Seconds)
{
    /// <summary>The latency table's prediction (ms), when the search uses latency.</summary>
    public double? PredictedLatencyMs { get; init; }
    /// <summary>The whole network's measured latency (ms), for the candidates that check the prediction.</summary>
    public double? LatencyMs { get; init; }
}

/// <summary>
/// <c>candidates.csv</c>: one row per scored candidate, appended whole (one write and flush per row) so a kill
/// leaves at most a partial last line, which <see cref="Read"/> drops. Columns: index, blocks, params, macs,
/// latency_pred_ms and latency_ms (empty where not predicted or not measured), score
/// (the ranking proxy's value; empty for an ensemble, whose value needs every candidate), then, when several proxies
/// are computed, one <c>proxy_NAME</c> column each, and seconds.
/// </summary>
public static class CandidateTable
{
    public const string FileName = "candidates.csv";
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { MissingFieldFound = null, BadDataFound = null };

    private const string ProxyColumn = "proxy_";

    public static string Header(IReadOnlyList<string> proxies)
    {
        using var w = new StringWriter();
        using var csv = new CsvWriter(w, Config);
        foreach (var h in new[] { "index", "blocks", "params", "macs", "latency_pred_ms", "latency_ms", "score" }.Concat(proxies.Count > 1 ? proxies.Select(p => ProxyColumn + p) : []).Append("seconds"))
            csv.WriteField(h);
        csv.NextRecord();
        csv.Flush();
        return w.ToString();
    }

    public static string Row(CandidateResult r, IReadOnlyList<string> proxies, bool ensemble)
    {
        using var w = new StringWriter();
        using var csv = new CsvWriter(w, Config);
        csv.WriteField(r.Index);
        csv.WriteField(r.Genotype.ToString());
        csv.WriteField(r.Params);
        csv.WriteField(r.Macs);
        csv.WriteField(Ms(r.PredictedLatencyMs));
        csv.WriteField(Ms(r.LatencyMs));
        csv.WriteField(ensemble ? "" : r.Proxies[proxies[0]].ToString("R", CultureInfo.InvariantCulture));
        if (proxies.Count > 1)
            foreach (var p in proxies) csv.WriteField(r.Proxies[p].ToString("R", CultureInfo.InvariantCulture));
        csv.WriteField(r.Seconds.ToString("F4", CultureInfo.InvariantCulture));
        csv.NextRecord();
        csv.Flush();
        return w.ToString();
    }

    private static string Ms(double? ms) => ms?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static double? OptionalMs(CsvReader csv, string column) =>
        csv.TryGetField<string>(column, out var text) && !string.IsNullOrEmpty(text) ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>Appends one complete row (creating the file with its header first).</summary>
    public static void Append(string path, CandidateResult r, IReadOnlyList<string> proxies, bool ensemble)
    {
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        using var f = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var w = new StreamWriter(f);
        w.Write((fresh ? Header(proxies) : "") + Row(r, proxies, ensemble));
        w.Flush();
        f.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Rows of a (possibly interrupted) table; an incomplete last line is dropped and cut from the file. A malformed
    /// row elsewhere (an edit, a damaged disk) is refused naming its line, unless <paramref name="dropMalformed"/>:
    /// then it is cut from the file and reported through <paramref name="dropped"/>, so a resume scores that one
    /// candidate again instead of the user deleting every scored row.
    /// </summary>
    public static List<CandidateResult> Read(string path, IReadOnlyList<string> proxies, bool dropMalformed = false, Action<string>? dropped = null)
    {
        var results = new List<CandidateResult>();
        if (!File.Exists(path)) return results;
        var text = File.ReadAllText(path);
        int lastNewline = text.LastIndexOf('\n');
        if (lastNewline < text.Length - 1)
        {
            text = lastNewline < 0 ? "" : text[..(lastNewline + 1)];
            File.WriteAllText(path, text);
        }
        var lines = text.Split('\n')[..^1];
        if (lines.Length == 0) return results;
        var kept = new List<string> { lines[0] };
        using var header = new CsvReader(new StringReader(lines[0] + "\n"), Config);
        header.Read();
        header.ReadHeader();
        for (int n = 1; n < lines.Length; n++)
        {
            using var csv = new CsvReader(new StringReader(lines[0] + "\n" + lines[n] + "\n"), Config);
            csv.Read();
            csv.ReadHeader();
            if (!csv.Read()) continue;
            try
            {
                results.Add(Parse(csv, proxies, path));
                kept.Add(lines[n]);
            }
            catch (Exception e) when (e is FormatException or OverflowException or CsvHelperException or ArgumentNullException or BlockSwapException)
            {
                string line = $"{path}: line {n + 1} is malformed ({Shorten(lines[n])})";
                if (!dropMalformed)
                    throw new BlockSwapException($"{line}; fix or remove that line (search --resume drops it and scores that candidate again)");
                dropped?.Invoke($"{line}: dropped; its candidate is scored again");
            }
        }
        if (kept.Count < lines.Length) BlockSwap.Foundation.IO.AtomicFile.WriteAllText(path, string.Concat(kept.Select(l => l + "\n")));
        return results;
    }

    private static string Shorten(string line) => line.Length <= 60 ? $"'{line.TrimEnd('\r')}'" : $"'{line[..57]}...'";

    private static CandidateResult Parse(CsvReader csv, IReadOnlyList<string> proxies, string path)
    {
        var scores = proxies.Count > 1
            ? proxies.ToDictionary(p => p, p => double.Parse(csv.GetField(ProxyColumn + p)!, CultureInfo.InvariantCulture))
            : new Dictionary<string, double> { [proxies[0]] = double.Parse(csv.GetField("score")!, CultureInfo.InvariantCulture) };
        return new CandidateResult(
            int.Parse(csv.GetField("index")!, CultureInfo.InvariantCulture),
            Genotype.Parse(csv.GetField("blocks")!, path),
            long.Parse(csv.GetField("params")!, CultureInfo.InvariantCulture),
            long.Parse(csv.GetField("macs")!, CultureInfo.InvariantCulture),
            scores,
            double.Parse(csv.GetField("seconds")!, CultureInfo.InvariantCulture))
        {
            PredictedLatencyMs = OptionalMs(csv, "latency_pred_ms"),
            LatencyMs = OptionalMs(csv, "latency_ms"),
        };
    }

    /// <summary>Writes a whole table at once (merge), atomically.</summary>
    public static void WriteAll(string path, IEnumerable<CandidateResult> rows, IReadOnlyList<string> proxies, bool ensemble) =>
        BlockSwap.Foundation.IO.AtomicFile.WriteAllText(path, Header(proxies) + string.Concat(rows.Select(r => Row(r, proxies, ensemble))));
}
