namespace BlockSwap.Tests;

/// <summary>
/// The test categories (xunit traits named Category). Unmarked tests are fast unit tests; the README's fast set
/// excludes the others: <c>--filter "Category!=Process&amp;Category!=Mpi&amp;Category!=Root&amp;Category!=Training&amp;Category!=Python&amp;Category!=Property"</c>.
/// </summary>
public static class TestCategories
{
    /// <summary>Runs the command-line tool as a separate process.</summary>
    public const string Process = "Process";
    /// <summary>Launches jobs with mpirun (Open MPI's runtime).</summary>
    public const string Mpi = "Mpi";
    /// <summary>Needs root (mounts a filesystem).</summary>
    public const string Root = "Root";
    /// <summary>Trains networks for whole epochs.</summary>
    public const string Training = "Training";
    /// <summary>Runs Debian's python3 with PyTorch (python3-torch) against the tool's files.</summary>
    public const string Python = "Python";
    /// <summary>Property-based: generated inputs (CsCheck), a fixed seed in CI.</summary>
    public const string Property = "Property";

    /// <summary>
    /// Whether a test that needs something this machine lacks may skip: by hand yes, in CI (CI=true, as .ci/run runs)
    /// never, so every category runs there and a missing prerequisite fails.
    /// </summary>
    public static bool MaySkip => Environment.GetEnvironmentVariable("CI") != "true";
}

/// <summary>Tests that change libtorch's global thread count run alone, not beside tests that would see the change.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibtorchThreadsCollection
{
    public const string Name = "libtorch threads";
}

/// <summary>Tests that read the whole process's resident memory run alone, so no other test allocates between readings.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process memory";
}
