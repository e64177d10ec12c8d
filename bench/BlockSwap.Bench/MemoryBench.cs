using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
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
        var what = new Option<string>("--what") { Description = "search (score candidates) or train (training steps)", DefaultValueFactory = _ => "search" };
        var count = new Option<int>("--count") { Description = "Candidates or steps", DefaultValueFactory = _ => 1000 };
        var arch = CliOptions.Arch("wrn-16-2");
        var budget = new Option<string>("--budget") { Description = "Budget of the sampled candidates", DefaultValueFactory = _ => "300k" };
        var batch = CliOptions.BatchSize("Minibatch size", 64);
        var proxy = CliOptions.Proxy();
        var compute = new ComputeOptions();
        var cmd = new Command("memory", "RSS over many candidates or training steps (flat memory check)") { what, count, arch, budget, batch, proxy };
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
                double mib = Rss() / 1024.0;
                series.Add((i, mib));
                Console.WriteLine($"{p.GetValue(what)} {i,6}/{n}: RSS {mib:F0} MiB");
            }
            if (p.GetValue(what) == "search")
            {
                var genotypes = new CandidateSampler(a).Sample(new BudgetWindow(CountText.Budget(p.Value(budget)), SearchSettings.DefaultWindow), n, 1).Genotypes;
                var scorer = new CandidateScorer(a, WrapperPolicy.PerBlock, p.Value(proxy).Proxies, new BatchLoader(data.Train, b, 1, dev, layout: SearchSettings.DefaultLayout), 1, false, dev);
                for (int i = 1; i <= n; i++)
                {
                    scorer.Score(i - 1, genotypes[i - 1]);
                    Record(i);
                }
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
            Console.WriteLine($"bench memory: {p.GetValue(what)}, {a.Name}, {n} {(p.GetValue(what) == "search" ? "candidates" : "steps")}: RSS {first:F0} MiB after warm-up (step {after[0].Step}), " +
                              $"{last:F0} MiB at the end, max {max:F0} MiB; growth after warm-up {100 * (last - first) / first:+0.0;-0.0}% (max {100 * (max - first) / first:+0.0}%)");
            return 0;
        });
        return cmd;
    }

    /// <summary>Resident set size in KiB, from /proc/self/status.</summary>
    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }
}
