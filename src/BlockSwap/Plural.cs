namespace BlockSwap;

/// <summary>Counts and lists in messages: "1 epoch", "3 epochs", "a, b or c".</summary>
public static class Plural
{
    public static string Of(long count, string noun, string? plural = null) =>
        $"{count:N0} {(count == 1 ? noun : plural ?? noun + "s")}";

    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string List(IReadOnlyList<string> items, string last = "or") =>
        items.Count <= 1 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} {last} {items[^1]}";
}
