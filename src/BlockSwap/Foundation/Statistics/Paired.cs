namespace BlockSwap.Foundation.Statistics;

/// <summary>Mean, standard deviation and a t-interval for small samples (seeds).</summary>
public static class Paired
{
    public static double Mean(IReadOnlyList<double> x) => x.Average();

    /// <summary>Sample standard deviation (n − 1); 0 for one value.</summary>
    public static double StandardDeviation(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Count - 1));
    }

    /// <summary>Mean of the paired differences a − b with a 95 % t-interval (NaN bounds with fewer than 2 pairs).</summary>
    public static Estimate Difference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        double m = d.Average();
        if (d.Length < 2) return new Estimate(m, double.NaN, double.NaN);
        double half = StudentT975(d.Length - 1) * StandardDeviation(d) / Math.Sqrt(d.Length);
        return new Estimate(m, m - half, m + half);
    }

    /// <summary>The 97.5 % quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentT975(int df) => df switch
    {
        < 1 => double.NaN,
        <= 30 => Table[df - 1],
        _ => 1.959964 + 2.372 / df, // close to the exact value above 30 degrees of freedom
    };

    private static readonly double[] Table =
    [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
        2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
        2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
    ];
}
