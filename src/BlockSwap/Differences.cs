using System.Collections;

namespace BlockSwap;

/// <summary>Names what differs between two settings records, for errors that say which setting changed.</summary>
public static class Differences
{
    /// <summary>"epochs 2 → 3, lr 0.1 → 0.05": the public properties whose values differ (lists compared by content).</summary>
    public static string Between<T>(T before, T now) where T : notnull
    {
        var parts = new List<string>();
        foreach (var p in typeof(T).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic))
        {
            if (p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length > 0) continue;
            object? a = p.GetValue(before), b = p.GetValue(now);
            bool same = a is IEnumerable ea && b is IEnumerable eb && a is not string
                ? ea.Cast<object?>().SequenceEqual(eb.Cast<object?>())
                : Equals(a, b);
            if (!same) parts.Add($"{Name(p.Name)} {Show(a)} → {Show(b)}");
        }
        return string.Join(", ", parts);
    }

    private static string Name(string property) => string.Concat(property.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Show(object? v) => v switch
    {
        null => "none",
        string s => s,
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>()) + "]",
        _ => v.ToString() ?? "",
    };
}
