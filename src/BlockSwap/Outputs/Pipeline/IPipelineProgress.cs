using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>How the pipeline reports its stages; the CLI renders each stage's own progress.</summary>
public interface IPipelineProgress
{
    void Stage(string message);
    SearchResult Search(int candidates, ProxyRanking ranking, Func<ISearchProgress?, SearchResult> work);
    TrainingResult Train(Func<ITrainingProgress?, TrainingResult> work);
}

/// <summary>Reports nothing (tests, library use).</summary>
public sealed class SilentPipelineProgress : IPipelineProgress
{
    public void Stage(string message) { }
    public SearchResult Search(int candidates, ProxyRanking ranking, Func<ISearchProgress?, SearchResult> work) => work(null);
    public TrainingResult Train(Func<ITrainingProgress?, TrainingResult> work) => work(null);
}
