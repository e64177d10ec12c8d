using System.Collections;

namespace BlockSwap;

/// <summary>Names what differs between two settings records, for errors that say which setting changed.</summary>
public static class Differences
{
    /// <summary>
    /// "epochs 2 → 3, lr 0.1 → 0.05": the public properties whose values differ (lists compared by content; a nested
    /// record, such as a study's training recipe, by its own differing properties: "training cutout 16 → 0").
    /// </summary>
    public static string Between<T>(T before, T now) where T : notnull => string.Join(", ", Parts(typeof(T), before, now, ""));

    private static IEnumerable<string> Parts(Type type, object before, object now, string prefix)
    {
        foreach (var p in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod!.IsPublic))
        {
            if (p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true).Length > 0) continue;
            object? a = p.GetValue(before), b = p.GetValue(now);
            bool same = a is IEnumerable ea && b is IEnumerable eb && a is not string
                ? ea.Cast<object?>().SequenceEqual(eb.Cast<object?>())
                : Equals(a, b);
            if (same) continue;
            if (a is not null && b is not null && a.GetType() == b.GetType() && IsRecord(a.GetType()))
            {
                var inner = Parts(a.GetType(), a, b, prefix + Name(p.Name) + " ").ToList();
                if (inner.Count > 0)
                {
                    foreach (var part in inner) yield return part;
                    continue;
                }
            }
            yield return $"{prefix}{Name(p.Name)} {Show(a)} → {Show(b)}";
        }
    }

    // C# records have a compiler-generated EqualityContract; their properties are what their equality compares.
    private static bool IsRecord(Type t) => t.GetProperty("EqualityContract", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance) is not null;

    private static string Name(string property) => string.Concat(property.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Show(object? v) => v switch
    {
        null => "none",
        string s => s,
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>()) + "]",
        // An enum as the command line and the files spell it (per-block, adamw), when it has such names.
        Enum x when x.GetType().GetField(x.ToString())?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute), false) is [System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute a] => a.Name,
        _ => v.ToString() ?? "",
    };
}
