using System.CommandLine;
using BlockSwap.Methods.Latency;

namespace BlockSwap.Cli.Commands;

/// <summary>--max-latency-ms, --latency-batch and --latency-threads: a latency limit and how latency is measured.</summary>
internal sealed class LatencyOptions
{
    public Option<double?> MaxLatencyMs { get; } = Limit();

    /// <summary>The latency limit alone (study and run measure at batch 1, one thread).</summary>
    public static Option<double?> Limit(string setup = "") => new("--max-latency-ms")
    {
        Description = $"At most this median ONNX Runtime latency in ms on this machine{setup}, predicted from a per-block table measured once per machine and cached",
    };
    public Option<int> Batch { get; } = new("--latency-batch") { Description = "Batch size at which latency is measured", DefaultValueFactory = _ => 1 };
    public Option<int> Threads { get; } = new("--latency-threads") { Description = "ONNX Runtime intra-op threads at which latency is measured", DefaultValueFactory = _ => 1 };

    public void AddTo(Command c, bool withLimit = true)
    {
        if (withLimit) c.Options.Add(MaxLatencyMs);
        c.Options.Add(Batch);
        c.Options.Add(Threads);
    }

    public double? Limit(ParseResult p) => p.GetValue(MaxLatencyMs);

    public LatencySetup Setup(ParseResult p)
    {
        var setup = new LatencySetup(p.GetValue(Batch), p.GetValue(Threads));
        setup.Validate();
        return setup;
    }
}
