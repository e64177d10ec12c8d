namespace BlockSwap.Foundation.IO;

/// <summary>A resume asked of a folder that holds nothing to continue starts afresh, and says so (it once said nothing).</summary>
public static class Resumption
{
    /// <summary>
    /// The note for <paramref name="resume"/> on <paramref name="dir"/> when it holds neither <paramref name="marker"/>
    /// nor the parts of a job of several ranks; null when there is something to continue, or no resume was asked.
    /// </summary>
    public static string? NothingToContinue(bool resume, string dir, string marker) =>
        resume && !File.Exists(Path.Combine(dir, marker)) && !Directory.Exists(Path.Combine(dir, "ranks"))
            ? $"--resume: {dir} holds nothing to continue; starting afresh" : null;
}
