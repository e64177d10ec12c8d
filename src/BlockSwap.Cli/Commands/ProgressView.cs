using BlockSwap.Scoring;
using BlockSwap.Search;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>Renders library progress as a Spectre.Console bar (candidates/s and ETA).</summary>
internal static class ProgressView
{
    public static T Run<T>(int total, ProxyRanking ranking, Func<ISearchProgress, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("scoring", maxValue: Math.Max(1, total));
                result = work(new Sink(task, ranking));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private sealed class Sink(ProgressTask task, ProxyRanking ranking) : ISearchProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = new();
        private readonly List<IReadOnlyDictionary<string, double>> seen = [];
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
            seen.Add(result.Proxies);
            task.Description = $"scoring {scored / watch.Elapsed.TotalSeconds:F2} cand/s, best so far {ranking.Values(seen).Max():G4}";
        }
    }
}
