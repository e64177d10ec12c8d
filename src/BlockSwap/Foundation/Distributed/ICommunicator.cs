namespace BlockSwap.Foundation.Distributed;

/// <summary>
/// The few collective operations the tool needs across processes (docs/distributed.md). Every rank calls each
/// collective in the same order; <see cref="SingleProcess"/> is the one-rank implementation used without a launcher.
/// </summary>
public interface ICommunicator : IDisposable
{
    int Rank { get; }
    int Size { get; }
    bool IsRoot => Rank == 0;
    /// <summary>A name for messages: the library and its launcher, or "one process".</summary>
    string Description { get; }

    void Barrier();

    /// <summary>Element-wise sum over ranks, in place; every rank ends with the sum.</summary>
    void AllreduceSum(Span<float> data);

    void AllreduceSum(Span<double> data);

    /// <summary>The root's bytes on every rank (the argument is ignored except on the root).</summary>
    byte[] Broadcast(byte[]? data, int root = 0);

    /// <summary>Every rank's bytes, in rank order, on the root; null on the other ranks.</summary>
    byte[][]? Gather(byte[] data, int root = 0);

    /// <summary>Stops every rank of the job with this exit code.</summary>
    void Abort(int code);
}

/// <summary>One process: rank 0 of 1; collectives return their input.</summary>
public sealed class SingleProcess : ICommunicator
{
    public static SingleProcess Instance { get; } = new();

    public int Rank => 0;
    public int Size => 1;
    public string Description => "one process";
    public void Barrier() { }
    public void AllreduceSum(Span<float> data) { }
    public void AllreduceSum(Span<double> data) { }
    public byte[] Broadcast(byte[]? data, int root = 0) => data ?? throw new ArgumentNullException(nameof(data));
    public byte[][]? Gather(byte[] data, int root = 0) => [data];
    public void Abort(int code) => Environment.Exit(code);
    public void Dispose() { }
}
