using BlockSwap.Search;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>Renders library progress as a Spectre.Console bar (candidates/s and ETA).</summary>
internal static class ProgressView
{
    public static T Run<T>(int total, Func<ISearchProgress, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("scoring", maxValue: Math.Max(1, total));
                result = work(new Sink(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Sink(ProgressTask task) : ISearchProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = new();
        private int scored;

        public void Started(int toScore, int alreadyScored)
        {
            task.Value = alreadyScored;
            if (alreadyScored > 0) AnsiConsole.MarkupLine($"resuming: {alreadyScored} candidates already scored");
            watch.Start();
        }

        public void Scored(CandidateResult result)
        {
            scored++;
            task.Increment(1);
            task.Description = $"scoring {scored / watch.Elapsed.TotalSeconds:F2} cand/s, best so far {result.Score:G4}";
        }
    }
}
