using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Distributed;

/// <summary>MPI_COMM_WORLD of an initialised MPI library.</summary>
internal sealed unsafe class MpiCommunicator : ICommunicator
{
    // MPI's counts are ints: larger buffers go in chunks.
    private const int MaxCount = int.MaxValue / 2;
    private readonly MpiLibrary mpi;
    private bool disposed;

    public MpiCommunicator(MpiLibrary mpi, string launcher)
    {
        this.mpi = mpi;
        int flag;
        mpi.Check(mpi.Initialized(&flag), "MPI_Initialized");
        if (flag == 0)
        {
            int provided;
            // FUNNELED: only the main thread calls MPI; libtorch's own threads never do.
            mpi.Check(mpi.InitThread(null, 0, 1, &provided), "MPI_Init_thread");
        }
        int rank, size;
        mpi.Check(mpi.CommRank(mpi.CommWorld, &rank), "MPI_Comm_rank");
        mpi.Check(mpi.CommSize(mpi.CommWorld, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
        Description = $"{(mpi.IsOpenMpi ? "Open MPI" : "MPICH-ABI MPI")} ({mpi.Path}) under {launcher}";
    }

    public int Rank { get; }
    public int Size { get; }
    public string Description { get; }

    public void Barrier() => mpi.Check(mpi.BarrierFn(mpi.CommWorld), "MPI_Barrier");

    public void AllreduceSum(Span<float> data) => Allreduce(MemoryMarshal.AsBytes(data), sizeof(float), mpi.Float);

    public void AllreduceSum(Span<double> data) => Allreduce(MemoryMarshal.AsBytes(data), sizeof(double), mpi.Double);

    private void Allreduce(Span<byte> bytes, int elementSize, nint type)
    {
        fixed (byte* p = bytes)
        {
            long count = bytes.Length / elementSize;
            for (long start = 0; start < count; start += MaxCount)
            {
                int n = (int)Math.Min(MaxCount, count - start);
                mpi.Check(mpi.Allreduce(mpi.InPlace, (nint)(p + start * elementSize), n, type, mpi.Sum, mpi.CommWorld), "MPI_Allreduce");
            }
        }
    }

    public byte[] Broadcast(byte[]? data, int root = 0)
    {
        int length = Rank == root ? data!.Length : 0;
        mpi.Check(mpi.Bcast((nint)(&length), 1, mpi.Int, root, mpi.CommWorld), "MPI_Bcast");
        var buffer = Rank == root ? data! : new byte[length];
        fixed (byte* p = buffer)
            for (int start = 0; start < length; start += MaxCount)
                mpi.Check(mpi.Bcast((nint)(p + start), Math.Min(MaxCount, length - start), mpi.Byte, root, mpi.CommWorld), "MPI_Bcast");
        return buffer;
    }

    public byte[][]? Gather(byte[] data, int root = 0)
    {
        int length = data.Length;
        var lengths = new int[Size];
        fixed (int* l = lengths)
            mpi.Check(mpi.Gather((nint)(&length), 1, mpi.Int, (nint)l, 1, mpi.Int, root, mpi.CommWorld), "MPI_Gather");
        bool isRoot = Rank == root;
        long total = isRoot ? lengths.Sum(x => (long)x) : 0;
        if (total > int.MaxValue) throw new BlockSwapException($"gathering {total:N0} bytes exceeds MPI's 2 GB message limit");
        var displacements = new int[Size];
        for (int i = 1; i < Size; i++) displacements[i] = displacements[i - 1] + lengths[i - 1];
        var all = new byte[isRoot ? total : 0];
        fixed (byte* s = data)
        fixed (byte* r = all)
        fixed (int* c = lengths)
        fixed (int* d = displacements)
            mpi.Check(mpi.Gatherv((nint)s, length, mpi.Byte, (nint)r, c, d, mpi.Byte, root, mpi.CommWorld), "MPI_Gatherv");
        if (!isRoot) return null;
        return Enumerable.Range(0, Size).Select(i => all.AsSpan(displacements[i], lengths[i]).ToArray()).ToArray();
    }

    public void Abort(int code)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        mpi.AbortFn(mpi.CommWorld, code);
        Environment.Exit(code); // not reached: MPI_Abort ends the process
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        int flag;
        if (mpi.Finalized(&flag) == 0 && flag == 0) mpi.Finalize();
    }
}
