namespace BlockSwap.Foundation.IO;

/// <summary>
/// The one-writer rule for a file a command writes outside a folder it owns (an exported model, a predictions CSV): it
/// may create the file, or replace an earlier output of the same kind, and nothing else. A checkpoint, another run's
/// result or any file of the user's is refused with the path and the fix, before any work is done.
/// </summary>
public static class OwnedFile
{
    /// <summary>The path, checked: not empty, not a folder, and new or an earlier <paramref name="what"/>.</summary>
    public static string Check(string? path, string option, string what, Func<string, bool> isEarlierOutput)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new BlockSwapException($"{option} is empty; give the path of the {what} to write");
        if (Directory.Exists(path))
            throw new BlockSwapException($"{option} {path} is a folder; give a file path for the {what}, e.g. {Path.Combine(path, "model" + Extension(what))}");
        if (File.Exists(path) && !isEarlierOutput(path))
            throw new BlockSwapException($"{option} {path} already exists and is not {Article(what)} {what} written by blockswap (it may belong to another result); give a new file name");
        return path;
    }

    /// <summary>True when the file starts with <paramref name="firstLine"/> (a CSV header this tool writes).</summary>
    public static bool StartsWithLine(string path, string firstLine)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() == firstLine;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string Extension(string what) => what.Contains("ONNX", StringComparison.Ordinal) ? ".onnx" : what.Contains("CSV", StringComparison.Ordinal) ? ".csv" : "";
    private static string Article(string what) => "aeiouAEIOU".Contains(what[0]) ? "an" : "a";
}
