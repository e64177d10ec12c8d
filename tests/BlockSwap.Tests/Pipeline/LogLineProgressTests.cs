using BlockSwap.Methods.Training;
using BlockSwap.Outputs.Pipeline;

namespace BlockSwap.Tests.Pipeline;

/// <summary>A pipeline's progress as log lines (what a rank other than 0 of a `run` job writes): one line per event.</summary>
public class LogLineProgressTests
{
    [Fact]
    public void StagesResumesAndEpochs_AreOnePrefixedLineEach()
    {
        var log = new StringWriter();
        var progress = new LogLineProgress(log, "rank 3: ");
        progress.Stage("budget 44,000, seed 2: training moonshine");
        var epoch = new EpochMetrics(Epoch: 2, Lr: 0.05, TrainLoss: 1.25, TrainError: 10.5, TestError: 9.75, TestTop5Error: 0.25,
            AtLoss: 0, Seconds: 12.5, ImagesPerSecond: 480);
        progress.Train(p =>
        {
            Assert.NotNull(p);
            p!.Resumed(1, 0);
            p.EpochStarted(1, 4, 100);
            p.Stepped(50, 1.3, 470); // steps print nothing: a line per step would drown the log
            p.EpochEnded(epoch);
            return null!;
        });
        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^rank 3: \[00:00:\d\d\] budget 44,000, seed 2: training moonshine$", lines[0]);
        Assert.Equal("rank 3: resumed from the checkpoint after epoch 1", lines[1]);
        Assert.StartsWith("rank 3: epoch    2/4  [", lines[2]);
        Assert.Contains("train loss 1.2500  train err 10.50%  test err 9.75% (top-5 0.25%)  12.5 s  480 img/s", lines[2]);
    }

    [Fact]
    public void ResumedLine_NamesTheStepsOfAnUnfinishedEpoch()
    {
        Assert.Equal("resumed from the checkpoint after no finished epoch and 1 step of epoch 1", TrainingLines.Resumed(0, 1));
        Assert.Equal("resumed from the checkpoint after epoch 2 and 30 steps of epoch 3", TrainingLines.Resumed(2, 30));
    }
}
