using BlockSwap.Cli.Commands;
using BlockSwap.Methods.Training;

namespace BlockSwap.Tests.Cli;

/// <summary>What a rank other than 0 of a `run` job writes to its log: one prefixed line per stage, resume and epoch.</summary>
public class RankLogProgressTests
{
    [Fact]
    public void StagesResumesAndEpochs_AreOnePrefixedLineEach()
    {
        var log = new StringWriter();
        var progress = new RankLogProgress(3, log);
        progress.Stage("budget 44,000, seed 2: training moonshine");
        var epoch = new EpochMetrics(Epoch: 2, Lr: 0.05, TrainLoss: 1.25, TrainError: 10.5, TestError: 9.75, TestTop5Error: 0.25,
            AtLoss: 0, Seconds: 12.5, ImagesPerSecond: 480);
        var result = progress.Train(p =>
        {
            Assert.NotNull(p);
            p!.Resumed(1, 0);
            p.EpochStarted(1, 4, 100);
            p.Stepped(50, 1.3, 470); // steps print nothing: a log line per step would drown the log
            p.EpochEnded(epoch);
            return null!;
        });
        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("rank 3: ", l));
        Assert.Matches(@"^rank 3: \[00:00:\d\d\] budget 44,000, seed 2: training moonshine$", lines[0]);
        Assert.Equal("rank 3: resumed from the checkpoint after epoch 1", lines[1]);
        Assert.StartsWith("rank 3: epoch    2/4  [", lines[2]);
        Assert.Contains("train loss 1.2500  train err 10.50%  test err 9.75% (top-5 0.25%)  12.5 s  480 img/s", lines[2]);
    }
}
