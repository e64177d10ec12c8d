using BlockSwap.Data.Sources;

namespace BlockSwap.Data;

/// <summary>The registry of data sources, in the order --help lists them; looked up by id or alias, whole words only.</summary>
public static class DataSources
{
    public static IReadOnlyList<DataSource> All { get; } =
    [
        new FashionMnistSource(),
        new Cifar10Source(),
        new Cifar100Source(),
        new ImageFolderSource(),
        new SyntheticSource(),
    ];

    public static DataSource Default => All[0];

    /// <summary>The ids, for --help and messages.</summary>
    public static IEnumerable<string> Ids => All.Select(s => s.Id);

    public static DataSource? Find(string name)
    {
        var n = name.Trim();
        return All.FirstOrDefault(s => s.Id.Equals(n, StringComparison.OrdinalIgnoreCase) || s.Aliases.Any(a => a.Equals(n, StringComparison.OrdinalIgnoreCase)));
    }

    public static DataSource Get(string name) =>
        Find(name) ?? throw new BlockSwapException($"unknown dataset '{name}'{Spelling.Hint(name, Ids)}; use {string.Join(", ", Ids)}");

    /// <summary>The source whose files <paramref name="dir"/> holds, or null (image folders are recognised last).</summary>
    public static DataSource? Recognise(string dir) => Directory.Exists(dir) ? All.FirstOrDefault(s => s.Recognises(dir)) : null;

    /// <summary>
    /// The source a job reads: <paramref name="given"/> when named; beside a folder alone, the source whose files the
    /// folder holds (an image folder is read as one rather than searched for IDX files), told through <paramref name="note"/>;
    /// otherwise the default.
    /// </summary>
    public static DataSource Resolve(string? given, string? dir, Action<string>? note = null)
    {
        if (given is not null) return Get(given);
        if (dir is not null && Recognise(dir) is { } seen && seen != Default)
        {
            note?.Invoke($"{dir} holds {seen.Summary.Split(" (")[0]}: reading it as --dataset {seen.Id}");
            return seen;
        }
        return Default;
    }

    /// <summary>
    /// The source a stored record names: its id since release 0.10; before that a display name such as
    /// "fashion-mnist (bundled …)" or "folder NAME", read by its first word and matched whole (a prefix match once read
    /// "cifar100" as "cifar10").
    /// </summary>
    public static DataSource? FromRecord(string? id, string? displayName)
    {
        if (id is not null && Find(id) is { } byId) return byId;
        if (string.IsNullOrWhiteSpace(displayName)) return null;
        var first = displayName.Trim().Split([' ', '('], 2, StringSplitOptions.RemoveEmptyEntries)[0];
        return Find(first);
    }

    /// <summary>Loads the named source.</summary>
    public static DataSplits Load(string name, DataRequest request)
    {
        var source = Get(name);
        request.Check();
        var data = source.Load(request);
        return data with { Source = source.Id, Folder = data.Folder is null ? null : DataFingerprint.Canonical(data.Folder) };
    }
}
