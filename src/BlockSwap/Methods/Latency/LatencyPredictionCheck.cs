using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Statistics;

namespace BlockSwap.Methods.Latency;

/// <summary>One network's predicted and measured (whole-network) latency, in milliseconds.</summary>
public sealed record LatencyPair(Genotype Genotype, double PredictedMs, double MeasuredMs)
{
    public double ErrorPercent => 100 * (PredictedMs - MeasuredMs) / MeasuredMs;
}

/// <summary>How well a latency table predicts whole networks: signed and absolute percentage errors and rank agreement.</summary>
public sealed record LatencyPredictionError(int Networks, double MeanErrorPercent, double MeanAbsErrorPercent, double MaxAbsErrorPercent, double Spearman)
{
    public static LatencyPredictionError Of(IReadOnlyList<LatencyPair> pairs)
    {
        if (pairs.Count == 0) throw new ArgumentException("no measured networks", nameof(pairs));
        var e = pairs.Select(p => p.ErrorPercent).ToArray();
        double rho = pairs.Count > 2 ? Ranking.Spearman(pairs.Select(p => p.PredictedMs).ToArray(), pairs.Select(p => p.MeasuredMs).ToArray()) : double.NaN;
        return new LatencyPredictionError(pairs.Count, e.Average(), e.Average(Math.Abs), e.Max(Math.Abs), rho);
    }

    public override string ToString() =>
        $"over {Plural.Of(Networks, "network")}: mean error {MeanErrorPercent:+0.0;-0.0}%, mean |error| {MeanAbsErrorPercent:F1}%, max |error| {MaxAbsErrorPercent:F1}%" +
        (double.IsNaN(Spearman) ? "" : $", Spearman {Spearman:F3}");
}

/// <summary>Checks a table against whole networks built (with seeded weights) and timed in ONNX Runtime.</summary>
public static class LatencyPredictionCheck
{
    public static LatencyPair Measure(LatencyTable table, NetworkPlan plan, long seed)
    {
        using var net = new BlockSwapNetwork(plan, seed);
        var s = table.Setup;
        return new LatencyPair(plan.Genotype, table.Predict(plan), LatencyMeter.OnnxRuntime(net, s.Batch, s.Threads, s.Warmup, s.Runs).MedianMs);
    }

    /// <summary>Each genotype on <paramref name="architecture"/> (per-block wrappers, seeded weights) predicted and timed whole.</summary>
    public static IReadOnlyList<LatencyPair> Measure(LatencyTable table, Architecture architecture, IEnumerable<Genotype> genotypes, long seed) =>
        genotypes.Select(g => Measure(table, new NetworkSpec(architecture, g).ToPlan(), seed)).ToArray();
}
