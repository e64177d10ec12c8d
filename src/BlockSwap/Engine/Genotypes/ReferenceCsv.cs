using System.Globalization;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using CsvHelper;
using CsvHelper.Configuration;

namespace BlockSwap.Engine.Genotypes;

/// <summary>
/// The reference implementation's genotype CSV (docs/method.md, "Genotype files"): a pandas frame with a leading unnamed
/// index column and a <c>convs</c> field holding a Python list of names. The reader is tolerant of
/// spacing and quoting; the writer always writes real names (never the reference's <c>type</c> bug).
/// </summary>
public static class ReferenceCsv
{
    /// <summary>Python list rendering: <c>['Conv', 'DConv']</c>.</summary>
    public static string PythonList(Genotype g) => "[" + string.Join(", ", g.Blocks.Select(b => $"'{b.Name}'")) + "]";

    /// <summary>
    /// The reference's <c>best.csv</c>: header <c>,index,convs,fisher</c>. The reference writes 0.0 in the fisher column;
    /// here it holds the winner's Fisher potential when the search scored it, and stays empty otherwise (the reference
    /// reads only convs).
    /// </summary>
    public static string BestCsv(Genotype g, double? fisher = null) =>
        ",index,convs,fisher\n" + $"0,0,\"{PythonList(g)}\",{fisher?.ToString("R", CultureInfo.InvariantCulture) ?? ""}\n";

    public static void WriteBest(string path, Genotype g, double? fisher = null) => AtomicFile.WriteAllText(path, BestCsv(g, fisher));

    /// <summary>The genotype in the first data row's <c>convs</c> column.</summary>
    public static Genotype Read(string path)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"genotype file {path} does not exist; give the path of a .json or .csv genotype");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
                throw new BlockSwapException($"{path}: empty CSV; expected a header with a 'convs' column");
            int col = Array.FindIndex(csv.HeaderRecord!, h => h.Trim() == "convs");
            if (col < 0)
                throw new BlockSwapException($"{path}: no 'convs' column in the header; expected the reference format ',index,convs,fisher'");
            if (!csv.Read())
                throw new BlockSwapException($"{path}: no data row under the header");
            var field = csv.GetField(col) ?? "";
            return Genotype.Parse(field, path);
        }
        catch (CsvHelperException e)
        {
            throw new BlockSwapException($"{path}: malformed CSV ({e.GetType().Name}); expected the reference format ',index,convs,fisher'");
        }
    }
}
