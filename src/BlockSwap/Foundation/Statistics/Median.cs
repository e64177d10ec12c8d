namespace BlockSwap.Foundation.Statistics;

/// <summary>The median: the middle value, or the mean of the two middle values of an even count.</summary>
public static class Median
{
    public static double Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values");
        var x = values.ToArray();
        return OfInPlace(x);
    }

    /// <summary>The median of values that may be reordered (sorts them): no allocation in a bootstrap's inner loop.</summary>
    public static double OfInPlace(Span<double> values)
    {
        values.Sort();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
