using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>
/// A pipeline's progress as plain lines for a log: each stage, each search's outcome, each resume and each finished
/// epoch, one line each, behind <paramref name="prefix"/>. The command line gives it to the ranks other than 0 of a
/// `run` job (prefix "rank r: "), whose standard output is silenced but whose stages run for hours.
/// </summary>
public sealed class LogLineProgress(TextWriter log, string prefix = "") : IPipelineProgress
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

    private void Line(string text) => log.WriteLine(prefix + text);

    private sealed class Epochs(LogLineProgress owner) : ITrainingProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        private int epochs, first = -1;

        public void EpochStarted(int epoch, int epochs, int steps)
        {
            this.epochs = epochs;
            if (first < 0) first = epoch;
        }

        public void Stepped(int step, double loss, double imagesPerSecond) { }

        public void Resumed(int epochsDone, int steps) => owner.Line(TrainingLines.Resumed(epochsDone, steps));

        public void EpochEnded(EpochMetrics m) => owner.Line(TrainingLines.Epoch(m, epochs, first, watch.Elapsed));
    }
}
