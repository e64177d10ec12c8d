using System.CommandLine;
using BlockSwap.Cli.Commands;

namespace BlockSwap.Cli;

/// <summary>Commands beyond the foundation ones, in the order <c>--help</c> lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> Extra()
    {
        yield return RunCommand.CreateDemo();
        yield return RunCommand.Create();
        yield return SearchCommand.Create();
        yield return StudyCommand.Create();
        yield return SearchCommand.CreateMerge();
        yield return TrainCommand.Create();
        yield return TrainCommand.CreateEval();
        yield return ExportCommand.Create();
        yield return ExportCommand.CreateLatency();
        yield return PredictCommand.Create();
        yield return LatencyTableCommand.Create();
        yield return DataCommand.Create();
    }
}
