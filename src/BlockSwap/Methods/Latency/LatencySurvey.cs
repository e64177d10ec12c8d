using System.Diagnostics;
using System.Text.Json.Serialization;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Latency;

/// <summary>One sampled block type's latency in milliseconds at each position (null where it cannot stand).</summary>
public sealed record LatencyRow(string Type, IReadOnlyList<double?> Ms);

/// <summary>
/// <c>blockswap latency-table</c>: this machine's per-block latency table of an architecture (measured once, then
/// cached) and how well its predictions match whole networks timed end to end.
/// </summary>
public sealed record LatencySurvey(string Architecture, LatencySetup Setup, string Machine, bool FromCache, string Cache, double OverheadMs, double StemMs,
    double HeadMs, IReadOnlyList<LatencyRow> Blocks, IReadOnlyList<LatencyPair> Check, LatencyPredictionError? Error)
{
    /// <summary>Seconds spent on the table (about zero when it came from the cache).</summary>
    [JsonIgnore] public double TableSeconds { get; init; }

    /// <summary>
    /// The table of <paramref name="architecture"/> under <paramref name="setup"/> (<paramref name="remeasure"/>: timed again,
    /// replacing the cached one), checked against <paramref name="check"/> timed whole; <paramref name="stage"/> hears
    /// which part runs.
    /// </summary>
    public static LatencySurvey Run(Architecture architecture, LatencySetup setup, IReadOnlyList<Genotype> check, long seed, bool remeasure = false,
        LatencyTableCache? cache = null, Action<string>? stage = null)
    {
        cache ??= LatencyTableCache.Default;
        var path = cache.PathFor(architecture, setup, MachineFingerprint.Current);
        if (remeasure) File.Delete(path);
        stage?.Invoke("timing the pieces");
        var watch = Stopwatch.StartNew();
        var table = cache.GetOrMeasure(architecture, setup, MachineFingerprint.Current);
        double seconds = watch.Elapsed.TotalSeconds;
        if (check.Count > 0) stage?.Invoke("timing whole networks");
        var pairs = check.Count > 0 ? LatencyPredictionCheck.Measure(table, architecture, check, seed) : [];
        var rows = BlockCatalogue.Sampled.Select(t => new LatencyRow(t.Name, architecture.Positions.Select(pos => table.Cell(t, pos)).ToArray())).ToArray();
        return new LatencySurvey(architecture.Name, setup, table.Key.Machine, table.FromCache, path, table.OverheadMs, table.StemMs, table.HeadMs, rows, pairs,
            pairs.Count > 0 ? LatencyPredictionError.Of(pairs) : null) { TableSeconds = seconds };
    }
}
