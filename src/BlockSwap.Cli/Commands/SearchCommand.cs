using System.CommandLine;
using BlockSwap.Methods.Search;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap search</c> and <c>blockswap merge</c>.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var search = new SearchOptions();
        var refine = new RefineOptions();
        var data = new DataOptions();
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var resume = CliOptions.Resume("Continue an interrupted search from DIR/candidates.csv");
        var outDir = CliOptions.Out();
        var cmd = new Command("search", "Sample budget-fitting mixed-block networks and rank them by Fisher potential (or another proxy)");
        search.AddTo(cmd);
        refine.AddTo(cmd);
        foreach (var o in new Option[] { resume, json, outDir, ConfigFile.Option() }) cmd.Options.Add(o);
        data.AddTo(cmd);
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            using var splits = data.Load(p, p.GetValue(search.Seed), search.ImageShape(p));
            var settings = search.Read(p, splits);
            var refineSettings = refine.Read(p, settings.Seed);
            refineSettings?.Validate();
            var dir = p.Value(outDir);
            ConfigFile.WriteEffective(p, dir);
            AnsiConsole.MarkupLine(Markup.Escape($"search: {settings.Architecture.Name} on {settings.Dataset}, candidates meeting {settings.Limits}, {settings.Samples} samples, proxy {settings.Ranking}, seed {settings.Seed}, device {dev}"));
            var result = ProgressView.Run(settings.ShardRange.End - settings.ShardRange.Start, settings.Ranking, progress =>
                SearchRunner.Run(settings, splits, dev, dir, CliOptions.Resuming(p, resume, dir, BlockSwap.Methods.Search.SearchSettings.FileName), Job.World, progress, Interruption.Token));
            var refined = refineSettings is null ? null : RefineOptions.Run(result, refineSettings, splits, dev, dir, p.GetValue(resume), quiet: p.GetValue(json));
            if (!Job.World.IsRoot) return 0;
            var front = p.GetValue(search.Pareto) && result.Candidates.Count > 0 ? BlockSwap.Outputs.Reporting.ParetoReport.Write(result, dir) : null;
            if (p.PrintedJson(json, SearchSummary.Of(result, refined, front, dir))) return 0;
            if (front is not null)
                Console.WriteLine($"Pareto front: {Plural.Of(front.Length, "candidate")} not dominated in {ParetoFront.Objectives(result)}; wrote {string.Join(", ", BlockSwap.Outputs.Reporting.ParetoReport.Files(result))}");
            PrintSummary(result, dir);
            if (refined is not null) RefineOptions.PrintSummary(refined, result, dir);
            return 0;
        });
        return cmd;
    }

    public static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("shards") { Description = "Shard output folders of one search or one study", Arity = ArgumentArity.OneOrMore };
        var outDir = CliOptions.Out("Folder for the merged result");
        var cmd = new Command("merge", "Combine the outputs of search or study shards (--shard I/N) into one result") { dirs, outDir };
        cmd.SetAction(p =>
        {
            var shards = p.Value(dirs);
            if (shards.Length > 0 && File.Exists(Path.Combine(shards[0], BlockSwap.Methods.Study.StudySettings.FileName)))
            {
                StudyCommand.Report(BlockSwap.Methods.Study.StudyRunner.Merge(shards, p.Value(outDir)), p.Value(outDir));
                return 0;
            }
            var result = SearchRunner.Merge(shards, p.Value(outDir));
            PrintSummary(result, p.Value(outDir));
            return 0;
        });
        return cmd;
    }

    private static void PrintSummary(SearchResult result, string dir)
    {
        if (result.Candidates.Count == 0)
        {
            Console.WriteLine("no candidates scored");
            return;
        }
        var (best, bestScore) = result.Best;
        var q = result.ScoreQuantiles(0, 0.25, 0.5, 0.75, 1).Select(Numbers.Compact).ToArray();
        Console.WriteLine($"scored {result.Candidates.Count} candidates; median {result.MedianSecondsPerCandidate:F3} s per candidate" +
                          (result.Draws > 0 ? $"; {result.Draws:N0} draws for {result.Settings.Samples} accepted" : ""));
        Console.WriteLine($"{result.Settings.Ranking.Name} scores: min {q[0]}  q25 {q[1]}  median {q[2]}  q75 {q[3]}  max {q[4]}");
        Console.WriteLine($"best: candidate {best.Index}, score {Numbers.Compact(bestScore)}, params {best.Params:N0}, MACs {best.Macs:N0}" +
                          (best.LatencyMs is { } ms ? $", latency {ms:F3} ms measured ({best.PredictedLatencyMs:F3} predicted)" : ""));
        Console.WriteLine($"      {best.Genotype}");
        if (result.LatencyOverrun is { } overrun) Console.Error.WriteLine($"warning: {overrun}");
        if (result.LatencyError is { } error)
            Console.WriteLine($"latency ({result.Settings.Latency}): table prediction against whole networks {error}");
        Console.WriteLine($"wrote {Path.Combine(dir, "best.json")}, best.csv, candidates.csv");
    }
}
