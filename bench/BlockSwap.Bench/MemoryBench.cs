using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Latency;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;

using BlockSwap.Cli.Commands;

namespace BlockSwap.Bench;

/// <summary>
/// <c>blockswap-bench memory</c>: the resident set size (RSS) over many scored candidates or training steps, to show that
/// long runs hold flat memory. Prints the series and the growth after warm-up (the first tenth).
/// </summary>
internal static class MemoryBench
{
    public static Command Create()
    {
        var what = new Option<string>("--what")
        {
            Description = "search (score candidates), searches (whole searches as `run` does them: latency predicted, 10 " +
                          "candidates and the winner measured in ONNX Runtime, each into a new folder), latency (sampled networks, each " +
                          "exported and timed whole in ONNX Runtime, as a search measures one), networks (sampled networks built and " +
                          "disposed, nothing else), modules (an empty TorchSharp module built and disposed) or train (training steps)",
            DefaultValueFactory = _ => "search",
        };
        what.AcceptOnlyFromAmong("search", "searches", "latency", "networks", "modules", "train");
        var count = new Option<int>("--count") { Description = "Candidates, searches or steps", DefaultValueFactory = _ => 1000 };
        var noLatency = new Option<bool>("--no-latency") { Description = "--what searches without latency (to tell its share of the growth)" };
        var trim = new Option<bool>("--trim") { Description = "Return glibc's free heap to the system (malloc_trim) before each reading: growth that remains is held, not merely cached" };
        var samples = new Option<int>("--samples") { Description = "Candidates per search (--what searches)", DefaultValueFactory = _ => 20 };
        var arch = CliOptions.Arch("wrn-16-2");
        var budget = new Option<string>("--budget") { Description = "Budget of the sampled candidates", DefaultValueFactory = _ => "300k" };
        var batch = CliOptions.BatchSize("Minibatch size", 64);
        var proxy = CliOptions.Proxy();
        var compute = new ComputeOptions();
        var cmd = new Command("memory", "RSS over many candidates or training steps (flat memory check)") { what, count, samples, noLatency, trim, arch, budget, batch, proxy };
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            var a = p.Value(arch);
            int n = p.GetValue(count), b = p.GetValue(batch);
            if (n < 10) throw new BlockSwapException($"--count {n} is too small to see a trend: use at least 10");
            using var data = SyntheticData.Create(10, a.InChannels, a.InputSize, Math.Max(256, b), 16, 1);
            var series = new List<(int Step, double MiB)>();
            int every = Math.Max(1, n / 40);
            void Record(int i)
            {
                if (i % every != 0 && i != n) return;
                if (p.GetValue(trim)) ProcessMemory.ReturnFreeHeap();
                double mib = (ProcessMemory.ResidentBytes() ?? 0) / 1048576.0;
                series.Add((i, mib));
                Console.WriteLine($"{p.GetValue(what)} {i,6}/{n}: RSS {mib:F0} MiB (managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB)");
            }
            // n seeded candidates from the budget's window, as a search samples them.
            IReadOnlyList<Genotype> Sampled() => new CandidateSampler(a).Sample(new BudgetWindow(CountText.Budget(p.Value(budget)), SearchSettings.DefaultWindow), n, 1).Genotypes;
            if (p.GetValue(what) == "search")
            {
                var genotypes = Sampled();
                var scorer = new CandidateScorer(a, WrapperPolicy.PerBlock, p.Value(proxy).Proxies, new BatchLoader(data.Train, b, 1, dev, layout: SearchSettings.DefaultLayout), 1, false, dev);
                for (int i = 1; i <= n; i++)
                {
                    scorer.Score(i - 1, genotypes[i - 1]);
                    Record(i);
                }
            }
            else if (p.GetValue(what) == "modules")
            {
                // TorchSharp alone: what one module costs that its Dispose does not give back.
                for (int i = 1; i <= n; i++)
                {
                    using (new EmptyModule()) { }
                    if (i % every == 0 || i == n) GC.Collect();
                    Record(i);
                }
            }
            else if (p.GetValue(what) == "networks")
            {
                var genotypes = Sampled();
                for (int i = 1; i <= n; i++)
                {
                    using (var net = new BlockSwapNetwork(new NetworkSpec(a, genotypes[i - 1]).ToPlan(), i))
                        if (i == 1) Console.WriteLine($"modules per network: {net.modules().Count() + 1}");
                    GC.Collect();
                    Record(i);
                }
            }
            else if (p.GetValue(what) == "latency")
            {
                var genotypes = Sampled();
                var setup = new LatencySetup();
                for (int i = 1; i <= n; i++)
                {
                    using (var net = new BlockSwapNetwork(new NetworkSpec(a, genotypes[i - 1]).ToPlan(), i))
                        LatencyMeter.OnnxRuntime(net, setup.Batch, setup.Threads, setup.Warmup, setup.Runs);
                    GC.Collect();
                    Record(i);
                }
            }
            else if (p.GetValue(what) == "searches")
            {
                // A long `run` does one search per budget and seed in one process; this repeats that part alone.
                string root = Directory.CreateTempSubdirectory("blockswap-bench-searches-").FullName;
                var cache = new LatencyTableCache(Path.Combine(root, "latency"));
                try
                {
                    for (int i = 1; i <= n; i++)
                    {
                        var settings = new SearchSettings
                        {
                            Architecture = a, Limits = new SearchLimits { Budget = CountText.Budget(p.Value(budget)) }, PredictLatency = !p.GetValue(noLatency),
                            Samples = p.GetValue(samples), Ranking = p.Value(proxy), BatchSize = b, Seed = i, Dataset = "synthetic",
                        };
                        SearchRunner.Run(settings, data, dev, Path.Combine(root, $"s{i}"), resume: false, latencyCache: cache);
                        GC.Collect();
                        Record(i);
                    }
                }
                finally { Directory.Delete(root, recursive: true); }
            }
            else
            {
                using var net = new BlockSwapNetwork(NetworkSpec.Teacher(a).ToPlan(), 1, dev);
                var options = new TrainingOptions { BatchSize = b, Epochs = 1, Lr = 0.01 };
                using var opt = Optimisers.Create(net.parameters(), options);
                using var step = new TrainingStep(net, null, opt, options);
                var loader = new BatchLoader(data.Train, b, 1, dev);
                int i = 0;
                for (int epoch = 0; i < n; epoch++)
                    foreach (var idx in loader.Epoch(epoch))
                    {
                        if (++i > n) break;
                        using (var scope = TorchSharp.torch.NewDisposeScope())
                        {
                            var (x, y) = loader.Get(idx, new Random(i));
                            step.Run(x, y, 0.01);
                        }
                        GC.Collect();
                        Record(i);
                    }
            }
            var after = series.Where(s => s.Step >= n / 10).ToArray();
            double first = after[0].MiB, last = after[^1].MiB, max = after.Max(s => s.MiB);
            Console.WriteLine($"bench memory: {p.GetValue(what)}, {a.Name}, {n} {p.GetValue(what) switch { "search" => "candidates", "searches" => "searches", "latency" or "networks" => "networks", "modules" => "modules", _ => "steps" }}: RSS {first:F0} MiB after warm-up (step {after[0].Step}), " +
                              $"{last:F0} MiB at the end, max {max:F0} MiB; growth after warm-up {100 * (last - first) / first:+0.0;-0.0}% (max {100 * (max - first) / first:+0.0}%)");
            return 0;
        });
        return cmd;
    }
}

/// <summary>A module with nothing in it: building and disposing it exercises only TorchSharp's module bookkeeping.</summary>
internal sealed class EmptyModule : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
{
    public EmptyModule() : base(nameof(EmptyModule)) => RegisterComponents();

    public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor x) => x;
}
