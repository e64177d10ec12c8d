using System.Globalization;

namespace BlockSwap;

/// <summary>How numbers are printed everywhere: one style for scores and rates that span decades ("2.38e-6").</summary>
public static class Numbers
{
    /// <summary>Plain digits between 0.001 and 100,000; otherwise three significant digits in e-notation without padding.</summary>
    public static string Compact(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x)) return x.ToString(CultureInfo.InvariantCulture);
        double a = Math.Abs(x);
        return a == 0 || a >= 1e-3 && a < 1e5
            ? x.ToString("0.####", CultureInfo.InvariantCulture)
            : x.ToString("0.##e+0", CultureInfo.InvariantCulture).Replace("e+", "e");
    }
}
