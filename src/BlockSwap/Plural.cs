namespace BlockSwap;

/// <summary>Counts in messages: "1 epoch", "3 epochs".</summary>
public static class Plural
{
    public static string Of(long count, string noun, string? plural = null) =>
        $"{count:N0} {(count == 1 ? noun : plural ?? noun + "s")}";
}
