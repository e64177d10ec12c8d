using System.Globalization;

namespace BlockSwap.Outputs.Inference;

/// <summary>Predictions as CSV (file, label, class, probability), written atomically; the header marks a file as one, so a later run may replace it.</summary>
public static class PredictionCsv
{
    public const string Header = "file,label,class,probability";

    /// <summary>Whether <paramref name="path"/> is a predictions file this tool wrote.</summary>
    public static bool IsOwn(string path) => BlockSwap.Foundation.IO.OwnedFile.StartsWithLine(path, Header);

    public static void Write(string path, IEnumerable<Prediction> predictions) =>
        BlockSwap.Foundation.IO.AtomicFile.WriteAllText(path, Header + "\n" + string.Concat(predictions.Select(x =>
            $"{Quote(x.File)},{x.Label},{Quote(x.ClassName)},{x.Probability.ToString("R", CultureInfo.InvariantCulture)}\n")));

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') || s.Contains('\n') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
