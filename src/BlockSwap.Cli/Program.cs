using System.CommandLine;
using BlockSwap;
using BlockSwap.Cli;
using BlockSwap.Cli.Commands;

return CliApp.Run(args);

/// <summary>
/// The command line: the tree of commands, and one run of it with the exit codes (0 done, 2 bad input, 3 the
/// environment, 130/143 interrupted, 1 an internal error). A class rather than top-level statements so the tests can run
/// it in-process, thousands of times (the property suite's bad input).
/// </summary>
internal static class CliApp
{
    /// <summary>Every command, with the aliases of other tools' flags and the rule that no text value is empty.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("BlockSwap.NET: compress a CNN by Fisher-guided block substitution (Turner et al., ICLR 2020).")
        {
            BlocksCommand.Create(),
            CountCommand.Create(),
        };
        foreach (var extra in CommandRegistry.Extra()) root.Subcommands.Add(extra);
        ForeignFlags.Apply(root);
        EmptyValues.Apply(root);
        VersionView.Attach(root);
        return root;
    }

    // The CLI is a thin layer: it parses options, calls the library and renders results.
    // User errors are one line on stderr with exit code 2; nothing else ever prints a stack trace.
    public static int Run(string[] args) => Run(args, Build());

    /// <summary>One run of a command tree (the tool's, or another built on its options, as the benchmarks).</summary>
    public static int Run(string[] args, RootCommand root)
    {

        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;
        CliOptions.ReserveStdoutForJson(args);
        try
        {
            // Under mpirun/srun: join the job first, so every later error stops all ranks and is printed once.
            Job.Join();
            // A launcher forwards a rank's output through a terminal of its own, whose width is not the reader's: a log
            // of the job would break every line at 80 columns.
            if (Job.World.Size > 1) Spectre.Console.AnsiConsole.Profile.Width = 200;
            // Ranks of a job stop at once on a signal: one rank stopping at a safe point would leave the others waiting in a
            // collective. Checkpoints make the job resumable either way.
            if (Job.World.Size == 1) Interruption.Listen();
            args = ConfigFile.Expand(root, args);
        }
        catch (BlockSwapException e)
        {
            return Job.Fail(2, $"error: {e.Message}");
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var message = parse.UnmatchedTokens.Count > 0 ? $"unrecognised argument '{parse.UnmatchedTokens[0]}'" : parse.Errors[0].Message.TrimEnd('.');
            // The whole command path: 'data export', not 'export' (which is another command).
            var path = new List<string>();
            for (var r = parse.CommandResult; r is not null && r.Command != root; r = r.Parent as System.CommandLine.Parsing.CommandResult) path.Insert(0, r.Command.Name);
            return Job.Fail(2, $"error: {message}{Suggestions.For(parse, command)} (see 'blockswap {string.Concat(path.Select(n => n + " "))}--help')");
        }
        try
        {
            BlockSwap.Foundation.Runtime.TorchRuntime.Initialise();
            int code = parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            Job.Leave();
            return code;
        }
        catch (BlockSwapException e)
        {
            return Job.Fail(2, $"error: {e.Message}");
        }
        catch (OperationCanceledException) when (Interruption.Signal is { } signal)
        {
            return Job.Fail(signal.ExitCode, $"interrupted by {signal.Name}: stopped at a safe point; to continue where it stopped, run the same command again (add --resume for train, search and study)");
        }
        catch (Exception e) when (e.InnerException is BlockSwapException inner)
        {
            return Job.Fail(2, $"error: {inner.Message}");
        }
        catch (Exception e) when (EnvironmentFault(e) is { } fault)
        {
            // Exit code 3: the machine, not the input (disk full, read-only folder, no permission, path too long).
            return Job.Fail(3, $"error: {fault.Message.Split('\n')[0]} ({fault.GetType().Name}); free space or fix the folder's permissions, or choose another output folder");
        }
        catch (Exception e)
        {
            return Job.Fail(1, $"internal error: {e.GetType().Name}: {e.Message.Split('\n')[0]} (please report this with the command you ran)");
        }
    }

    private static Exception? EnvironmentFault(Exception e) => e switch
    {
        UnauthorizedAccessException or IOException => e,
        { InnerException: { } inner } => EnvironmentFault(inner),
        _ => null,
    };
}

namespace BlockSwap.Cli
{
    /// <summary>The in-process entry for the tests (the program's own class is in the global namespace).</summary>
    internal static class CliAppAccess
    {
        public static int Run(string[] args) => CliApp.Run(args);

        public static System.CommandLine.RootCommand Build() => CliApp.Build();
    }
}
