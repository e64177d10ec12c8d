namespace BlockSwap.Methods.Latency;

/// <summary>
/// How latency is measured: ONNX Runtime on this machine's CPU, BN folded, a fixed batch and intra-op thread count,
/// the median of <see cref="Runs"/> timed runs after <see cref="Warmup"/> untimed ones.
/// </summary>
public sealed record LatencySetup(int Batch = 1, int Threads = 1, int Warmup = 10, int Runs = 40)
{
    public void Validate()
    {
        if (Batch < 1) throw new BlockSwapException($"latency batch {Batch} is invalid: use a positive batch size such as 1");
        if (Threads < 1) throw new BlockSwapException($"latency threads {Threads} is invalid: use a positive thread count such as 1");
        if (Warmup < 0 || Runs < 1) throw new BlockSwapException($"latency runs {Runs} (warm-up {Warmup}) is invalid: time at least one run");
    }

    public override string ToString() => $"ONNX Runtime, batch {Batch}, {Plural.Of(Threads, "thread")}";
}
