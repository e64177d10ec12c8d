using System.Runtime.InteropServices;

namespace BlockSwap.Foundation.Distributed;

/// <summary>
/// Finds out whether this process was started by an MPI launcher and connects to the job (docs/distributed.md).
/// Without a launcher's variables no MPI library is loaded at all (Open MPI's singleton start forks a daemon and
/// aborts when it is missing). With them, the library is loaded and initialised, and a job whose library does not
/// see the launcher's process count (N independent copies of rank 0) is stopped with a clear error.
/// </summary>
public static partial class Cluster
{
    /// <summary>The launcher that started this process and the process count it announced, or null without one.</summary>
    public static (string Launcher, int? Size)? DetectLauncher(Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        static int? Int(string? s) => int.TryParse(s, out var v) ? v : null;
        if (env("OMPI_COMM_WORLD_SIZE") is { } ompi) return ("Open MPI's mpirun", Int(ompi));
        if (env("PMI_SIZE") is { } pmi) return ("a PMI launcher (MPICH's mpiexec, srun --mpi=pmi2)", Int(pmi));
        if (env("PMIX_RANK") is not null) return ("a PMIx launcher (srun --mpi=pmix)", Int(env("SLURM_STEP_NUM_TASKS") ?? env("SLURM_NTASKS")));
        return null;
    }

    /// <summary>This process's index among the job's processes on its own machine (the launcher's variable; else the rank).</summary>
    public static int LocalRank(int rank, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        foreach (var name in new[] { "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "PMI_LOCAL_RANK", "SLURM_LOCALID" })
            if (int.TryParse(env(name), out var local)) return local;
        return rank;
    }

    /// <summary>The job this process belongs to: MPI_COMM_WORLD under a launcher, otherwise one process.</summary>
    public static ICommunicator Connect()
    {
        if (DetectLauncher() is not { } launched) return SingleProcess.Instance;
        // UCX (MPICH, and Open MPI on InfiniBand) turns .NET's NullReferenceException signal into a fatal crash
        // unless told not to handle SIGSEGV; it reads the C environment, so set it there before MPI_Init.
        Runtime.NativeEnvironment.Set("UCX_ERROR_SIGNALS", "");
        string[] candidates = launched.Launcher.StartsWith("Open MPI", StringComparison.Ordinal)
            ? ["libmpi.so.40", "libmpich.so.12", "libmpi.so.12"]
            : ["libmpich.so.12", "libmpi.so.12", "libmpi.so.40"];
        var mpi = MpiLibrary.Load(candidates)
                  ?? throw new BlockSwapException(
                      $"started by {launched.Launcher} but no MPI library loads (tried {string.Join(", ", candidates)}); install the runtime of the MPI that launched the job (e.g. apt install openmpi-bin) or set BLOCKSWAP_MPI_LIB to its libmpi");
        var comm = new MpiCommunicator(mpi, launched.Launcher);
        if (launched.Size is { } expected && expected != comm.Size)
        {
            comm.Dispose();
            throw new BlockSwapException(
                $"{launched.Launcher} started {expected} processes but {mpi.Path} sees {comm.Size}: the launcher and the MPI library differ, so the job would run {expected} copies of rank 0; launch with the library's own mpirun/mpiexec, or set BLOCKSWAP_MPI_LIB to the launcher's library");
        }
        return comm;
    }
}
