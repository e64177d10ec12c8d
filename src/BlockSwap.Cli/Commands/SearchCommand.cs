using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Networks;
using BlockSwap.Runtime;
using BlockSwap.Search;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap search</c> and <c>blockswap merge</c>.</summary>
internal static class SearchCommand
{
    public static Option<string> Dataset() => new("--dataset") { Description = "fashion-mnist (default), cifar10 (needs --data) or synthetic", DefaultValueFactory = _ => "fashion-mnist" };
    public static Option<string?> DataDir() => new("--data") { Description = "Folder with the data set's files" };

    public static Command Create()
    {
        var arch = CliOptions.Arch();
        var budget = new Option<string>("--budget") { Description = "Parameter budget, e.g. 400000, 400k, 1.6m", Required = true };
        var window = new Option<double>("--window") { Description = "Half-width of the accepted window as a fraction of the budget", DefaultValueFactory = _ => 0.025 };
        var samples = new Option<int>("--samples") { Description = "Candidates to sample and score", DefaultValueFactory = _ => 1000 };
        var proxy = new Option<string>("--proxy") { Description = $"Ranking proxy: {Scoring.ProxyRegistry.Names}, or all (ranks by fisher, records every proxy)", DefaultValueFactory = _ => "fisher" };
        var dataset = Dataset();
        var data = DataDir();
        var batch = new Option<int>("--batch-size") { Description = "Minibatch size for scoring", DefaultValueFactory = _ => 128 };
        var seed = CliOptions.Seed();
        var sameBatch = new Option<bool>("--same-batch") { Description = "Score every candidate on one shared minibatch" };
        var wrapper = CliOptions.Wrapper();
        var device = CliOptions.Device();
        var shard = new Option<string>("--shard") { Description = "Score only slice I of N of the candidate list (I/N)", DefaultValueFactory = _ => "0/1" };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted search from DIR/candidates.csv" };
        var inChannels = CliOptions.InChannels();
        var outDir = new Option<string>("--out") { Description = "Output folder", Required = true };
        var cmd = new Command("search", "Sample budget-fitting mixed-block networks and rank them by Fisher potential (or another proxy)")
        {
            arch, budget, window, samples, proxy, dataset, data, batch, seed, sameBatch, wrapper, device, shard, resume, inChannels, outDir,
        };
        cmd.SetAction(p =>
        {
            var dev = TorchRuntime.ResolveDevice(p.GetValue(device)!);
            var (si, sn) = Parsing.Shard(p.GetValue(shard)!);
            long b = Parsing.Budget(p.GetValue(budget)!);
            var probe = Architecture.Parse(p.GetValue(arch)!);
            WrapperPolicyNames.Parse(p.GetValue(wrapper)!);
            Scoring.ProxyRegistry.Resolve(p.GetValue(proxy)!);
            using var splits = DataSets.Load(p.GetValue(dataset)!, p.GetValue(data), p.GetValue(seed), (p.GetValue(inChannels), probe.InputSize));
            var settings = new SearchSettings
            {
                Architecture = probe.Name,
                Classes = splits.Classes,
                InChannels = splits.Channels,
                InputSize = splits.Size,
                Budget = b,
                Window = p.GetValue(window),
                Samples = p.GetValue(samples),
                Proxy = p.GetValue(proxy)!.ToLowerInvariant(),
                BatchSize = p.GetValue(batch),
                Seed = p.GetValue(seed),
                SameBatch = p.GetValue(sameBatch),
                Wrapper = WrapperPolicyNames.Parse(p.GetValue(wrapper)!).ToCliName(),
                Dataset = splits.Name,
                ShardIndex = si,
                ShardCount = sn,
            };
            var dir = p.GetValue(outDir)!;
            if (splits.IsSynthetic) AnsiConsole.MarkupLine("[yellow]data: SYNTHETIC (generated patterns, not a real data set)[/]");
            AnsiConsole.MarkupLine(Markup.Escape($"search: {settings.Architecture} on {settings.Dataset}, budget {b:N0} (window {new BudgetWindow(b, settings.Window)}), {settings.Samples} samples, proxy {settings.Proxy}, seed {settings.Seed}, device {dev}"));
            var result = ProgressView.Run(settings.ShardRange.End - settings.ShardRange.Start, progress =>
                SearchRunner.Run(settings, splits, dev, dir, p.GetValue(resume), progress));
            PrintSummary(result, dir);
            return 0;
        });
        return cmd;
    }

    public static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("shards") { Description = "Shard output folders of one search", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Folder for the merged candidates.csv and best.json", Required = true };
        var cmd = new Command("merge", "Combine the outputs of search shards (--shard I/N) into one result") { dirs, outDir };
        cmd.SetAction(p =>
        {
            var result = SearchRunner.Merge(p.GetValue(dirs)!, p.GetValue(outDir)!);
            PrintSummary(result, p.GetValue(outDir)!);
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
        var best = result.Best;
        var scores = result.Candidates.Select(c => c.Score).Order().ToArray();
        double Q(double q) => scores[(int)Math.Round(q * (scores.Length - 1))];
        Console.WriteLine($"scored {result.Candidates.Count} candidates; median {result.MedianSecondsPerCandidate:F3} s per candidate" +
                          (result.Draws > 0 ? $"; {result.Draws:N0} draws for {result.Settings.Samples} accepted" : ""));
        Console.WriteLine($"{result.Settings.Proxy} scores: min {Q(0):G5}  q25 {Q(0.25):G5}  median {Q(0.5):G5}  q75 {Q(0.75):G5}  max {Q(1):G5}");
        Console.WriteLine($"best: candidate {best.Index}, score {best.Score:G6}, params {best.Params:N0}, MACs {best.Macs:N0}");
        Console.WriteLine($"      {best.Genotype}");
        Console.WriteLine($"wrote {Path.Combine(dir, "best.json")}, best.csv, candidates.csv");
    }
}
