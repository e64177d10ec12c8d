using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using BlockSwap.Outputs.Pipeline;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// A rank other than 0 of a `run` job: its standard output is silenced (results come from rank 0), but its stages run
/// for hours, so each stage, each search's outcome and each finished epoch is one line on standard error, prefixed
/// with the rank. A job's log then shows every rank's work, not only rank 0's.
/// </summary>
internal sealed class RankLogProgress(int rank, TextWriter log) : IPipelineProgress
{
    private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();

    public void Stage(string message) => Line($"[{watch.Elapsed:hh\\:mm\\:ss}] {message}");

    public SearchResult Search(int candidates, ProxyRanking ranking, Func<ISearchProgress?, SearchResult> work)
    {
        var result = work(null);
        Line($"searched {Plural.Of(candidates, "candidate")} by {ranking.Name}: best score {result.Best.Score:G6}, {result.Best.Candidate.Genotype}");
        return result;
    }

    public TrainingResult Train(Func<ITrainingProgress?, TrainingResult> work) => work(new Epochs(this));

    private void Line(string text) => log.WriteLine($"rank {rank}: {text}");

    private sealed class Epochs(RankLogProgress owner) : ITrainingProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        private int epochs, first = -1;

        public void EpochStarted(int epoch, int epochs, int steps)
        {
            this.epochs = epochs;
            if (first < 0) first = epoch;
        }

        public void Stepped(int step, double loss, double imagesPerSecond) { }

        public void Resumed(int epochsDone, int steps) => owner.Line(TrainingProgressView.ResumedLine(epochsDone, steps));

        public void EpochEnded(EpochMetrics m) => owner.Line(TrainingProgressView.EpochLine(m, epochs, first, watch.Elapsed));
    }
}
