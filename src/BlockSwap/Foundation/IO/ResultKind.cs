namespace BlockSwap.Foundation.IO;

/// <summary>
/// What an output folder holds, told by the files each command writes there. A command writes only into a folder of
/// its own kind (or a new one): a search into a training run's folder once replaced that run's config.json.
/// </summary>
public enum ResultKind
{
    Training,
    Search,
    Study,
    Run,
}

public static class ResultKinds
{
    // The file (or folder) that marks each kind, in the order they are checked (a study writes report.json too, so the
    // files only one kind writes come first).
    private static readonly (ResultKind Kind, string Marker)[] Markers =
    [
        (ResultKind.Study, "study.json"),
        (ResultKind.Search, "search.json"),
        (ResultKind.Search, "candidates.csv"),
        (ResultKind.Training, "checkpoint"),
        (ResultKind.Training, "result.json"),
        (ResultKind.Run, "budget-*"),
        (ResultKind.Run, "report.json"),
    ];

    /// <summary>The kind of result <paramref name="dir"/> holds and the file that says so, or null for a new or foreign folder.</summary>
    public static (ResultKind Kind, string Marker)? Of(string dir)
    {
        if (!Directory.Exists(dir)) return null;
        foreach (var (kind, marker) in Markers)
            if (marker.EndsWith('*') ? Directory.EnumerateDirectories(dir, marker).Any() : File.Exists(Path.Combine(dir, marker)))
                return (kind, marker);
        return null;
    }

    public static string Name(this ResultKind kind) => kind switch
    {
        ResultKind.Training => "training run",
        ResultKind.Search => "search",
        ResultKind.Study => "study",
        _ => "run (blockswap run)",
    };

    /// <summary>Refuses <paramref name="dir"/> when it holds a result of another kind, naming it and the fix.</summary>
    public static void CheckOwnable(string dir, ResultKind mine)
    {
        if (Of(dir) is { } held && held.Kind != mine)
            throw new BlockSwapException($"{dir} holds a {held.Kind.Name()} ({held.Marker}); a {mine.Name()} writes only into a new folder or one of its own kind: choose another output folder");
    }
}
