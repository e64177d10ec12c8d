using System.Globalization;

namespace BlockSwap.Engine.Networks;

/// <summary>Counts as people write them: budgets (<c>400k</c>, <c>1.6m</c>, <c>25%</c> of the teacher) and MAC limits (<c>60m</c>).</summary>
public static class CountText
{
    /// <summary>Parameter budgets: <c>400000</c>, <c>400k</c>, <c>1.6m</c>.</summary>
    public static long Budget(string text) =>
        text.Trim().EndsWith('%')
            ? throw new BlockSwapException($"budget '{text}' is a fraction of the teacher, which this command does not know; give a parameter count such as 400k (search and study take 25%)")
            : Count(text, "budget", "parameter count", "400k");

    /// <summary>A budget as a count, or as a percentage of the all-Conv teacher of <paramref name="architecture"/> (<c>25%</c>).</summary>
    public static long Budget(string text, Architecture architecture)
    {
        var t = text.Trim();
        if (!t.EndsWith('%')) return Budget(text);
        if (!double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || !(percent > 0 && percent <= 100))
            throw new BlockSwapException($"budget '{text}' is not a percentage of the teacher between 0 and 100; write e.g. 25%");
        long teacher = NetworkSpec.Teacher(architecture).ToPlan().Parameters;
        return (long)Math.Round(teacher * percent / 100);
    }

    /// <summary>Several budgets, comma-separated, in the order given (each a count or a percentage of <paramref name="architecture"/>'s teacher); each once.</summary>
    public static long[] Budgets(string list, Architecture architecture)
    {
        var items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new BlockSwapException("--budgets is empty; give one or more budgets, e.g. 11k,22k,44k or 25%");
        var budgets = items.Select(b => Budget(b, architecture)).ToArray();
        if (budgets.GroupBy(b => b).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new BlockSwapException($"--budgets names {twice.Key:N0} more than once ({list}); give each budget once");
        return budgets;
    }

    /// <summary>MAC limits: <c>60000000</c>, <c>60m</c>, <c>1.2g</c>.</summary>
    public static long Macs(string text) => Count(text, "MAC limit", "count of multiply-accumulates", "60m");

    /// <summary>A positive count with an optional k, m or g suffix.</summary>
    private static long Count(string text, string what, string kind, string example)
    {
        var t = text.Trim().ToLowerInvariant().Replace("_", "").Replace(",", "");
        double mult = 1;
        if (t.EndsWith('k')) { mult = 1e3; t = t[..^1]; }
        else if (t.EndsWith('m')) { mult = 1e6; t = t[..^1]; }
        else if (t.EndsWith('g')) { mult = 1e9; t = t[..^1]; }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || !double.IsFinite(v))
            throw new BlockSwapException($"{what} '{text}' is not a {kind}; write e.g. {example}");
        if (v * mult < 1)
            throw new BlockSwapException(what == "budget" && v < 1
                ? $"budget '{text}' is less than one parameter; for a share of the teacher write a percentage ({v * 100:0.##}%), or a count such as {example}"
                : $"{what} '{text}' is less than one; write e.g. {example}");
        if (v * mult >= 9.2e18)
            throw new BlockSwapException($"{what} '{text}' is beyond any network's size (over 9.2e18); write e.g. {example}");
        return (long)Math.Round(v * mult);
    }

}
