namespace BlockSwap;

/// <summary>Typos in names: the closest known name, offered when it is close ("did you mean").</summary>
public static class Spelling
{
    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int previous = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }

    /// <summary>
    /// The name of <paramref name="known"/> closest to <paramref name="text"/> (case ignored) when it is close: within two
    /// edits or a fifth of the text's length, or a name the text (over 3 characters) begins; null otherwise.
    /// </summary>
    public static string? Closest(string text, IEnumerable<string> known)
    {
        var t = text.Trim();
        var best = known.Select(k => (Name: k, Distance: Distance(t.ToLowerInvariant(), k.ToLowerInvariant()))).OrderBy(x => x.Distance).FirstOrDefault();
        return best.Name is not null && (best.Distance <= Math.Max(2, t.Length / 5) || t.Length > 3 && best.Name.StartsWith(t, StringComparison.OrdinalIgnoreCase))
            ? best.Name : null;
    }

    /// <summary>" (did you mean X?)" for the closest name, or "" when none is close.</summary>
    public static string Hint(string text, IEnumerable<string> known) => Closest(text, known) is { } name ? $" (did you mean {name}?)" : "";
}
