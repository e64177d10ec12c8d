using System.CommandLine;
using BlockSwap;
using BlockSwap.Cli.Commands;

// The CLI is a thin layer: it parses options, calls the library and renders results.
// User errors are one line on stderr with exit code 2; nothing else ever prints a stack trace.
Interruption.Listen();
var root = new RootCommand("BlockSwap.NET: compress a CNN by Fisher-guided block substitution (Turner et al., ICLR 2020).")
{
    BlocksCommand.Create(),
    CountCommand.Create(),
};
foreach (var extra in CommandRegistry.Extra()) root.Subcommands.Add(extra);
VersionView.Attach(root);

if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;
CliOptions.ReserveStdoutForJson(args);
try
{
    args = ConfigFile.Expand(root, args);
}
catch (BlockSwapException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    var command = parse.CommandResult.Command;
    var message = parse.UnmatchedTokens.Count > 0 ? $"unrecognised argument '{parse.UnmatchedTokens[0]}'" : parse.Errors[0].Message.TrimEnd('.');
    Console.Error.WriteLine($"error: {message}{Suggestions.For(parse, command)} (see 'blockswap {(command == root ? "" : command.Name + " ")}--help')");
    return 2;
}
try
{
    BlockSwap.Runtime.TorchRuntime.Initialise();
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (BlockSwapException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (Interruption.Signal is { } signal)
{
    Console.Error.WriteLine($"interrupted by {signal.Name}: stopped at a safe point; to continue where it stopped, run the same command again (add --resume for train, search and study)");
    return signal.ExitCode;
}
catch (Exception e) when (e.InnerException is BlockSwapException inner)
{
    Console.Error.WriteLine($"error: {inner.Message}");
    return 2;
}
catch (Exception e) when (EnvironmentFault(e) is { } fault)
{
    // Exit code 3: the machine, not the input (disk full, read-only folder, no permission, path too long).
    Console.Error.WriteLine($"error: {fault.Message.Split('\n')[0]} ({fault.GetType().Name}); free space or fix the folder's permissions, or choose another output folder");
    return 3;
}
catch (Exception e)
{
    Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message.Split('\n')[0]} (please report this with the command you ran)");
    return 1;
}

static Exception? EnvironmentFault(Exception e) => e switch
{
    UnauthorizedAccessException or IOException => e,
    { InnerException: { } inner } => EnvironmentFault(inner),
    _ => null,
};
