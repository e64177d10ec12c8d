namespace BlockSwap.Foundation.Statistics;

/// <summary>
/// Rank correlations with ties handled the standard way (average ranks; Kendall's τ-b). Values are ordered by
/// <see cref="double.CompareTo(double)"/>: a proxy's NaN ranks lowest and equal infinities tie.
/// </summary>
public static class Ranking
{
    /// <summary>Ranks from 1 (smallest); tied values share the mean of their ranks.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i], Comparer<double>.Default).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]].CompareTo(values[order[start]]) == 0) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>Pearson correlation; NaN when either side is constant.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman's ρ: Pearson correlation of the average ranks.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(AverageRanks(x), AverageRanks(y));

    /// <summary>Kendall's τ-b: (concordant − discordant) / √((pairs − ties in x)(pairs − ties in y)); NaN when either side is constant.</summary>
    public static double KendallTauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = x.Count;
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0, pairs = (long)n * (n - 1) / 2;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int dx = x[i].CompareTo(x[j]), dy = y[i].CompareTo(y[j]);
                if (dx == 0) tiesX++;
                if (dy == 0) tiesY++;
                if (dx != 0 && dy != 0)
                {
                    if (Math.Sign(dx) == Math.Sign(dy)) concordant++;
                    else discordant++;
                }
            }
        double denominator = Math.Sqrt((double)(pairs - tiesX) * (pairs - tiesY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }
}
