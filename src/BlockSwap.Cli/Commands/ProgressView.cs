using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// Search progress: a live bar (candidates/s, ETA, best so far) on a terminal; on a log file or pipe, one plain line
/// per twentieth of the candidates with elapsed time, ETA and the best score so far.
/// </summary>
internal static class ProgressView
{
    public static T Run<T>(int total, ProxyRanking ranking, Func<ISearchProgress, T> work)
    {
        if (!Interactive) return work(new Sink(null, ranking, total));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("scoring", maxValue: Math.Max(1, total));
                result = work(new Sink(task, ranking, total));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>True on a terminal; false when output goes to a file, a pipe or CI.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private sealed class Sink(ProgressTask? task, ProxyRanking ranking, int total) : ISearchProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = new();
        private readonly List<IReadOnlyDictionary<string, double>> seen = [];
        private int scored, toScore;

        public void Started(int toScore, int alreadyScored)
        {
            LoadAdvice.Show(); // once the search's checks passed: an error stays one line
            this.toScore = toScore;
            if (task is not null) task.Value = alreadyScored;
            if (alreadyScored > 0) Console.WriteLine($"resuming: {alreadyScored} candidates already scored");
            watch.Start();
        }

        public void TimingLatency(int done, int total)
        {
            if (task is not null) task.Description = $"timing the latency table (once per machine) {done}/{total}";
            else if (done == 1) Console.WriteLine($"timing the latency table: {total} pieces, once per machine");
        }

        public void Warning(string message) => Console.Error.WriteLine($"warning: {message}");

        public void Scored(CandidateResult result)
        {
            scored++;
            seen.Add(result.Proxies);
            double best = ranking.Values(seen).Max();
            if (task is not null)
            {
                task.Increment(1);
                task.Description = $"scoring {scored / watch.Elapsed.TotalSeconds:F2} cand/s, best so far {Numbers.Compact(best)}";
                return;
            }
            int every = Math.Max(1, toScore / 20);
            if (scored % every == 0 || scored == toScore)
            {
                var eta = TimeSpan.FromSeconds(watch.Elapsed.TotalSeconds / scored * (toScore - scored));
                var of = toScore == total ? $"{scored}/{total}" : $"{scored}/{toScore} ({total - toScore} scored earlier)";
                Console.WriteLine($"scored {of} in {watch.Elapsed:hh\\:mm\\:ss}, ETA {eta:hh\\:mm\\:ss}, best so far {Numbers.Compact(best)}");
            }
        }
    }
}
