using System.Diagnostics;
using System.Text.Json.Serialization;
using BlockSwap.Foundation.Statistics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BlockSwap.Methods.Latency;

/// <summary>
/// A network's latency: the median over rounds with its distribution-free 95 % interval (ms). RoundMs keeps each
/// round's observation in round order; networks measured together share their rounds, so a comparison of two of them
/// can resample rounds jointly (<see cref="Foundation.Statistics.RoundRatio"/>). It is written to latency.csv, not report.json.
/// </summary>
public sealed record LatencyEstimate(int Batch, int Threads, double MedianMs, double LowerMs, double UpperMs, [property: JsonIgnore] IReadOnlyList<double> RoundMs)
{
    public int Rounds => RoundMs.Count;

    /// <summary>Half the interval's width relative to the median.</summary>
    public double RelativeHalfWidth => (UpperMs - LowerMs) / 2 / MedianMs;
}

/// <summary>How <see cref="InterleavedLatency"/> times: rounds until every interval is narrow, within limits.</summary>
public sealed record InterleavedLatencySettings
{
    public int Threads { get; init; } = 1;
    /// <summary>Runs before each timed burst (caches, branch predictors and ONNX Runtime's arena settle).</summary>
    public int Warmup { get; init; } = 3;
    /// <summary>Timed runs per network per round; their median is the round's observation.</summary>
    public int Burst { get; init; } = 11;
    public int MinRounds { get; init; } = DefaultMinRounds;
    public int MaxRounds { get; init; } = DefaultMaxRounds;
    public const int DefaultMinRounds = 12, DefaultMaxRounds = 60;
    /// <summary>The fewest rounds whose median has a distribution-free 95 % interval (<see cref="MedianInterval"/>).</summary>
    public const int FewestRounds = 6;

    /// <summary>At least <paramref name="rounds"/> rounds, and up to the usual limit when that is more.</summary>
    public static InterleavedLatencySettings AtLeast(int rounds, long seed) =>
        new() { MinRounds = rounds, MaxRounds = Math.Max(DefaultMaxRounds, rounds), Seed = seed };
    /// <summary>Stop once every network's interval half-width is at most this fraction of its median.</summary>
    public double TargetRelativeHalfWidth { get; init; } = 0.02;
    /// <summary>Stop after this much timing whatever the widths (the intervals say how far they got).</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(3);
    public long Seed { get; init; } = 1;
}

/// <summary>
/// Latency of several networks measured together, so that a machine's drift (another process, frequency changes)
/// falls on all of them alike rather than on whichever was timed during it: in each round every network is timed once,
/// in a freshly shuffled order (seeded), as the median of a short burst after a warm-up; rounds repeat until every
/// network's 95 % interval for its median round time is narrow. ONNX Runtime, one session per network kept across rounds.
/// </summary>
public static class InterleavedLatency
{
    /// <param name="cancel">Checked before each network's timing: a stop request ends the measurement within one burst.</param>
    public static IReadOnlyList<LatencyEstimate> Measure(IReadOnlyList<byte[]> models, int inChannels, int size, int batch, InterleavedLatencySettings? settings = null,
        CancellationToken cancel = default)
    {
        settings ??= new InterleavedLatencySettings();
        if (models.Count == 0) return [];
        using var options = new SessionOptions { IntraOpNumThreads = settings.Threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        var sessions = models.Select(m => new InferenceSession(m, options)).ToArray();
        try
        {
            var input = new DenseTensor<float>(new float[batch * inChannels * size * size], [batch, inChannels, size, size]);
            var inputs = new[] { NamedOnnxValue.CreateFromTensor(Export.OnnxExporter.InputName, input) };
            var observations = models.Select(_ => new List<double>()).ToArray();
            var rng = BlockSwap.Foundation.Runtime.Seeds.Rng(settings.Seed, "latency-rounds", batch);
            var clock = Stopwatch.StartNew();
            var burst = new double[settings.Burst];
            for (int round = 0; round < settings.MaxRounds; round++)
            {
                var order = Enumerable.Range(0, models.Count).ToArray();
                rng.Shuffle(order);
                foreach (int i in order)
                {
                    cancel.ThrowIfCancellationRequested();
                    for (int w = 0; w < settings.Warmup; w++)
                        using (sessions[i].Run(inputs)) { }
                    for (int r = 0; r < burst.Length; r++)
                    {
                        long start = Stopwatch.GetTimestamp();
                        using (sessions[i].Run(inputs)) { }
                        burst[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                    observations[i].Add(Median.OfInPlace(burst));
                }
                if (round + 1 >= settings.MinRounds
                    && (clock.Elapsed > settings.MaxTime || observations.All(o => MedianInterval.RelativeHalfWidth(MedianInterval.Of(o).Interval) <= settings.TargetRelativeHalfWidth)))
                    break;
            }
            return observations.Select(o =>
            {
                var (e, _) = MedianInterval.Of(o);
                return new LatencyEstimate(batch, settings.Threads, e.Value, e.Lower, e.Upper, o.ToArray());
            }).ToArray();
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
    }
}
