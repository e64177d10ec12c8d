using System.Text.Json.Serialization;

namespace BlockSwap.Foundation.Statistics;

/// <summary>What a paired comparison of a method with a baseline says, under a declared equivalence margin.</summary>
// Written by name in report.json, as the report's text words it.
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    /// <summary>Significantly lower error than the baseline.</summary>
    [JsonStringEnumMemberName("better")]
    Better,
    /// <summary>Significantly higher error than the baseline.</summary>
    [JsonStringEnumMemberName("worse")]
    Worse,
    /// <summary>No significant difference, and the whole 95 % interval lies inside ±margin.</summary>
    [JsonStringEnumMemberName("equal")]
    Equal,
    /// <summary>Neither: the data allow a difference larger than the margin.</summary>
    [JsonStringEnumMemberName("cannot-tell")]
    CannotTell,
}

/// <summary>The decision rule declared before the data (docs/statistics.md, "Comparing methods").</summary>
public static class Verdicts
{
    public const double Alpha = 0.05;

    /// <summary>
    /// Better or worse when the (adjusted) p is below <see cref="Alpha"/>, by the sign of the mean error difference
    /// (negative: the method has lower error); otherwise equal when the interval lies inside [−margin, +margin];
    /// otherwise cannot tell.
    /// </summary>
    public static Verdict Of(double meanDifference, Estimate interval, double p, double margin)
    {
        if (margin < 0 || double.IsNaN(margin)) throw new ArgumentOutOfRangeException(nameof(margin), "the equivalence margin must be 0 or more");
        if (p < Alpha) return meanDifference < 0 ? Verdict.Better : Verdict.Worse;
        return WithinMargin(interval, margin) ? Verdict.Equal : Verdict.CannotTell;
    }

    /// <summary>True when the whole interval lies inside [−margin, +margin] (false for an undefined interval: a comparison
    /// with NaN is false).</summary>
    public static bool WithinMargin(Estimate interval, double margin) => interval.Lower >= -margin && interval.Upper <= margin;

    /// <summary>The verdict in words, e.g. "better (by less than the margin)".</summary>
    public static string Describe(Verdict v, Estimate interval, double margin) => v switch
    {
        Verdict.Better or Verdict.Worse => (v == Verdict.Better ? "better" : "worse") + (WithinMargin(interval, margin) ? " (by less than the margin)" : ""),
        Verdict.Equal => "equal",
        _ => "cannot tell",
    };
}
