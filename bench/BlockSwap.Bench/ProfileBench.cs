using System.CommandLine;
using System.Diagnostics;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Modules;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using Spectre.Console;
using static TorchSharp.torch;

using BlockSwap.Cli.Commands;

namespace BlockSwap.Bench;

/// <summary>
/// <c>blockswap-bench profile</c>: where scoring time goes, by block type. Every sampled type at one position of each
/// WRN-40-2 group is timed alone, in training mode, forward and backward to its input (what Fisher scoring does per
/// block), on a batch of that position's activations, in NCHW and channels-last.
/// </summary>
internal static class ProfileBench
{
    public static Command Create()
    {
        var batch = CliOptions.BatchSize("Batch size");
        var reps = new Option<int>("--reps") { Description = "Timed repetitions per case (after one warm-up)", DefaultValueFactory = _ => 5 };
        var compute = new ComputeOptions();
        var cmd = new Command("profile", "Milliseconds per block type (forward + backward to the input, training mode) at one position of each WRN-40-2 group, NCHW and channels-last") { batch, reps };
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            compute.Apply(p);
            var arch = Architecture.WideResNet(40, 2);
            // The second block of each group: the stride-1, equal-width position that most blocks occupy.
            var positions = arch.Positions.Where(pos => pos.IndexInGroup == 1).ToArray();
            int b = p.GetValue(batch), n = p.GetValue(reps);
            var table = new Table().Border(TableBorder.Simple).Title($"ms per block, batch {b}, {TorchSharp.torch.get_num_threads()} threads: NCHW / channels-last");
            table.AddColumn("type");
            foreach (var pos in positions) table.AddColumn(new TableColumn($"group {pos.Group + 1} ({pos.In}ch {pos.InputSize}²)").RightAligned());
            var totals = new double[2];
            foreach (var type in BlockCatalogue.Sampled)
            {
                var cells = new List<string> { type.Name };
                foreach (var pos in positions)
                {
                    var plan = new BlockPlan(pos, type, type.Wrapper);
                    if (plan.Invalidity() is not null) { cells.Add("–"); continue; }
                    var ms = new[] { MemoryLayout.Nchw, MemoryLayout.ChannelsLast }.Select(l => Time(plan, b, n, l)).ToArray();
                    totals[0] += ms[0];
                    totals[1] += ms[1];
                    cells.Add($"{ms[0]:F1} / {ms[1]:F1}");
                }
                table.AddRow(cells.ToArray());
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"all cells: NCHW {totals[0]:F0} ms, channels-last {totals[1]:F0} ms ({totals[0] / totals[1]:F2}×)");
            return 0;
        });
        return cmd;
    }

    private static double Time(BlockPlan plan, int batch, int reps, MemoryLayout layout)
    {
        using var block = new ResidualBlock(plan.Spec with { Name = "block" }, new ComputeSettings());
        block.train();
        var times = new List<double>();
        for (int i = 0; i <= reps; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn(batch, plan.In, plan.Position.InputSize, plan.Position.InputSize).In(layout).requires_grad_(true);
            var sw = Stopwatch.StartNew();
            var y = block.call(x);
            autograd.grad([y.sum()], [x]);
            if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
