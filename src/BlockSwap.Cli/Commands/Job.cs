using BlockSwap.Foundation.Distributed;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// The process's place in an MPI job (one process without a launcher). Ranks other than 0 print nothing but errors
/// (and, in `run`, a line per stage and epoch on standard error); an error on any rank stops the whole job, printed once.
/// </summary>
internal static class Job
{
    public static ICommunicator World { get; private set; } = SingleProcess.Instance;

    public static void Join()
    {
        World = Cluster.Connect();
        if (!World.IsRoot) CliOptions.Silence();
    }

    /// <summary>
    /// Prints an error and ends the process with <paramref name="code"/>. In a job of several ranks the whole job is
    /// aborted: rank 0 prints at once; another rank waits a moment first, so an error every rank hits (bad input) is
    /// printed once by rank 0, while an error of that rank alone is still shown, with its rank.
    /// </summary>
    public static int Fail(int code, string line)
    {
        if (World.Size == 1)
        {
            Console.Error.WriteLine(line);
            return code;
        }
        if (!World.IsRoot) Thread.Sleep(TimeSpan.FromSeconds(1));
        Console.Error.WriteLine(World.IsRoot ? line : $"rank {World.Rank}: {line}");
        World.Abort(code);
        return code;
    }

    public static void Leave() => World.Dispose();
}
