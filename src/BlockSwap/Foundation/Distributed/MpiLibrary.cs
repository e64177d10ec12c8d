using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Distributed;

/// <summary>
/// A thin binding of the system's MPI library: the calls the tool uses, looked up by name. Handles differ by ABI:
/// Open MPI's communicator, datatypes and operations are addresses of exported globals and MPI_IN_PLACE is (void*)1;
/// MPICH-ABI libraries use integer constants and (void*)−1. Both are carried as nint (MPI.NET cannot be used: it
/// compiles MPICH/MS-MPI handles in and targets msmpi.dll).
/// </summary>
internal sealed unsafe class MpiLibrary
{
    private readonly nint lib;

    public string Path { get; }
    public bool IsOpenMpi { get; }
    public nint CommWorld { get; }
    public nint Float { get; }
    public nint Double { get; }
    public nint Byte { get; }
    public nint Int { get; }
    public nint Sum { get; }
    public nint InPlace { get; }

    public readonly delegate* unmanaged<int*, nint, int, int*, int> InitThread;
    public readonly delegate* unmanaged<int*, int> Initialized;
    public readonly delegate* unmanaged<int*, int> Finalized;
    public readonly delegate* unmanaged<int> Finalize;
    public readonly delegate* unmanaged<nint, int*, int> CommRank;
    public readonly delegate* unmanaged<nint, int*, int> CommSize;
    public readonly delegate* unmanaged<nint, int> BarrierFn;
    public readonly delegate* unmanaged<nint, nint, int, nint, nint, nint, int> Allreduce;
    public readonly delegate* unmanaged<nint, int, nint, int, nint, int> Bcast;
    public readonly delegate* unmanaged<nint, int, nint, nint, int, nint, int, nint, int> Gather;
    public readonly delegate* unmanaged<nint, int, nint, nint, int*, int*, nint, int, nint, int> Gatherv;
    public readonly delegate* unmanaged<nint, int, int> AbortFn;

    private MpiLibrary(string path, nint lib)
    {
        Path = path;
        this.lib = lib;
        IsOpenMpi = NativeLibrary.TryGetExport(lib, "ompi_mpi_comm_world", out var world);
        if (IsOpenMpi)
        {
            CommWorld = world;
            Float = Export("ompi_mpi_float");
            Double = Export("ompi_mpi_double");
            Byte = Export("ompi_mpi_byte");
            Int = Export("ompi_mpi_int");
            Sum = Export("ompi_mpi_op_sum");
            InPlace = 1;
        }
        else
        {
            // The MPICH ABI (MPICH, Intel MPI, MVAPICH, Cray MPICH).
            CommWorld = 0x44000000;
            Float = 0x4c00040a;
            Double = 0x4c00080b;
            Byte = 0x4c00010d;
            Int = 0x4c000405;
            Sum = 0x58000003;
            InPlace = -1;
        }
        InitThread = (delegate* unmanaged<int*, nint, int, int*, int>)Export("MPI_Init_thread");
        Initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        Finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        BarrierFn = (delegate* unmanaged<nint, int>)Export("MPI_Barrier");
        Allreduce = (delegate* unmanaged<nint, nint, int, nint, nint, nint, int>)Export("MPI_Allreduce");
        Bcast = (delegate* unmanaged<nint, int, nint, int, nint, int>)Export("MPI_Bcast");
        Gather = (delegate* unmanaged<nint, int, nint, nint, int, nint, int, nint, int>)Export("MPI_Gather");
        Gatherv = (delegate* unmanaged<nint, int, nint, nint, int*, int*, nint, int, nint, int>)Export("MPI_Gatherv");
        AbortFn = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
    }

    private nint Export(string name) =>
        NativeLibrary.TryGetExport(lib, name, out var p) ? p : throw new BlockSwapException($"{Path} has no {name}: it is not an MPI library; set BLOCKSWAP_MPI_LIB to libmpi.so.40 (Open MPI) or libmpich.so.12 (MPICH)");

    /// <summary>Loads BLOCKSWAP_MPI_LIB, else the candidates in order; null when none loads.</summary>
    public static MpiLibrary? Load(IEnumerable<string> candidates)
    {
        var own = Environment.GetEnvironmentVariable("BLOCKSWAP_MPI_LIB");
        foreach (var name in string.IsNullOrEmpty(own) ? candidates : [own])
            if (NativeLibrary.TryLoad(name, out var handle))
                return new MpiLibrary(name, handle);
        return null;
    }

    public void Check(int rc, string call)
    {
        if (rc != 0) throw new InvalidOperationException($"{call} failed with MPI error code {rc}");
    }
}
