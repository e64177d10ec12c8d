using System.CommandLine;
using System.Diagnostics;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;

using BlockSwap.Cli.Commands;

namespace BlockSwap.Bench;

/// <summary><c>blockswap-bench search</c>: the search's hot path on synthetic data; prints figures (no pass/fail).</summary>
internal static class BenchCommand
{
    public static Command Create() => Search();

    private static Command Search()
    {
        var arch = CliOptions.Arch();
        var budget = new Option<string>("--budget") { Description = "Budget of the sampled candidates", DefaultValueFactory = _ => "400k" };
        var samples = new Option<int>("--samples") { Description = "Candidates to time (after one warm-up)", DefaultValueFactory = _ => 7 };
        var batch = CliOptions.BatchSize("Minibatch size for scoring");
        var proxy = CliOptions.Proxy();
        var compute = new ComputeOptions();
        var seed = CliOptions.Seed();
        var layout = CliOptions.Layout("channels-last, as search");
        var batchNorm = CliOptions.BatchNormKernel(BlockSwap.Foundation.Runtime.BatchNormKernel.Float64, "as search");
        var cmd = new Command("search", "Median seconds per scored candidate (WRN-40-2, 400K budget, batch 128 by default)") { arch, budget, samples, batch, proxy, seed, layout, batchNorm.Option };
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            var a = p.Value(arch);
            int n = p.GetValue(samples);
            var genotypes = new CandidateSampler(a).Sample(new BudgetWindow(CountText.Budget(p.Value(budget)), SearchSettings.DefaultWindow), n + 1, p.GetValue(seed)).Genotypes;
            using var data = SyntheticData.Create(10, a.InChannels, a.InputSize, Math.Max(256, p.GetValue(batch)), 16, p.GetValue(seed));
            var loader = new BatchLoader(data.Train, p.GetValue(batch), p.GetValue(seed), dev, layout: p.Value(layout).Resolve(SearchSettings.DefaultLayout));
            var scorer = new CandidateScorer(a, WrapperPolicy.PerBlock, p.Value(proxy).Proxies, loader, p.GetValue(seed), false, dev, batchNorm: batchNorm.Read(p));
            var times = new List<double>();
            for (int i = 0; i <= n; i++)
            {
                var sw = Stopwatch.StartNew();
                var r = scorer.Score(i, genotypes[i]);
                if (dev.type == TorchSharp.DeviceType.CUDA) TorchSharp.torch.cuda.synchronize();
                if (i > 0) times.Add(sw.Elapsed.TotalSeconds);
                Console.WriteLine($"candidate {i}{(i == 0 ? " (warm-up)" : "")}: {sw.Elapsed.TotalSeconds:F3} s, params {r.Params:N0}, " +
                                  string.Join(", ", r.Proxies.Select(kv => $"{kv.Key} {kv.Value:G6}")));
            }
            times.Sort();
            Console.WriteLine($"bench search: {a.Name}, budget {p.GetValue(budget)}, batch {p.GetValue(batch)}, device {dev}, threads {TorchSharp.torch.get_num_threads()}: median {times[times.Count / 2]:F3} s per candidate (min {times[0]:F3}, max {times[^1]:F3}, n={times.Count})");
            return 0;
        });
        return cmd;
    }
}

/// <summary>The benchmarks, in the order --help lists them.</summary>
internal static class BenchRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return BenchCommand.Create();
        yield return TrainBench.Create();
        yield return MemoryBench.Create();
        yield return AllreduceBench.Create();
        yield return CompareBench.Create();
        yield return ProfileBench.Create();
    }
}
