using BlockSwap.Methods.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// A live bar per epoch (loss, images/s, ETA) on a terminal, and one summary line per finished epoch with elapsed time
/// and ETA; on a log file or pipe only the summary lines, so a 200-epoch log stays 200 lines.
/// </summary>
internal static class TrainingProgressView
{
    public static T Run<T>(Func<ITrainingProgress, T> work)
    {
        if (!ProgressView.Interactive) return work(new Sink(null));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => result = work(new Sink(ctx)));
        return result;
    }

    private sealed class Sink(ProgressContext? ctx) : ITrainingProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        private ProgressTask? task;
        private int epoch, epochs, first = -1;

        public void EpochStarted(int epoch, int epochs, int steps)
        {
            LoadAdvice.Show(); // once the run's checks passed: an error stays one line
            this.epoch = epoch + 1;
            this.epochs = epochs;
            if (first < 0) first = epoch;
            task?.StopTask();
            task = ctx?.AddTask($"epoch {this.epoch}/{epochs}", maxValue: steps);
        }

        public void Resumed(int epochsDone, int steps) => AnsiConsole.MarkupLine(Markup.Escape(TrainingLines.Resumed(epochsDone, steps)));

        public void Stepped(int step, double loss, double imagesPerSecond)
        {
            if (task is null) return;
            task.Value = step;
            task.Description = $"epoch {epoch}/{epochs} loss {loss:F3} {imagesPerSecond:F0} img/s";
        }

        public void EpochEnded(EpochMetrics m)
        {
            task?.StopTask();
            AnsiConsole.MarkupLine(Markup.Escape(TrainingLines.Epoch(m, epochs, first, watch.Elapsed)));
        }
    }
}
