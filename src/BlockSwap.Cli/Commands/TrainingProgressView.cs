using BlockSwap.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>A live bar per epoch (loss, images/s, ETA) and one summary line per finished epoch.</summary>
internal static class TrainingProgressView
{
    public static T Run<T>(Func<ITrainingProgress, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx => result = work(new Sink(ctx)));
        return result;
    }

    private sealed class Sink(ProgressContext ctx) : ITrainingProgress
    {
        private ProgressTask? task;
        private int epoch, epochs;

        public void EpochStarted(int epoch, int epochs, int steps)
        {
            this.epoch = epoch + 1;
            this.epochs = epochs;
            task?.StopTask();
            task = ctx.AddTask($"epoch {this.epoch}/{epochs}", maxValue: steps);
        }

        public void Stepped(int step, double loss, double imagesPerSecond)
        {
            if (task is null) return;
            task.Value = step;
            task.Description = $"epoch {epoch}/{epochs} loss {loss:F3} {imagesPerSecond:F0} img/s";
        }

        public void EpochEnded(EpochMetrics m)
        {
            task?.StopTask();
            AnsiConsole.MarkupLine(Markup.Escape(
                $"epoch {m.Epoch,4}  lr {m.Lr:G4}  train loss {m.TrainLoss:F4}  train err {m.TrainError:F2}%  test err {m.TestError:F2}% (top-5 {m.TestTop5Error:F2}%)" +
                (m.AtLoss > 0 ? $"  AT {m.AtLoss:G3}" : "") + $"  {m.Seconds:F1} s  {m.ImagesPerSecond:F0} img/s"));
        }
    }
}
