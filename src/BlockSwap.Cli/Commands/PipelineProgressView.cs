using BlockSwap.Outputs.Pipeline;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>Renders the pipeline: a rule per stage, then that stage's own live progress.</summary>
internal sealed class PipelineProgressView : IPipelineProgress
{
    private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();

    public void Stage(string message) =>
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape($"[{watch.Elapsed:hh\\:mm\\:ss}] {message}")}[/]");

    public SearchResult Search(int candidates, ProxyRanking ranking, Func<ISearchProgress?, SearchResult> work) => ProgressView.Run(candidates, ranking, p => work(p));

    public TrainingResult Train(Func<ITrainingProgress?, TrainingResult> work) => TrainingProgressView.Run(p => work(p));
}
