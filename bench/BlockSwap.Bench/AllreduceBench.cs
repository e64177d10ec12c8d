using System.CommandLine;
using System.Diagnostics;
using BlockSwap.Engine.Networks;

using BlockSwap.Cli.Commands;

namespace BlockSwap.Bench;

/// <summary><c>blockswap-bench allreduce</c>: the gradient sum of data-parallel training alone, ranks in step (run under mpirun).</summary>
internal static class AllreduceBench
{
    public static Command Create()
    {
        var arch = CliOptions.Arch();
        var reps = new Option<int>("--reps") { Description = "Timed sums (after one warm-up)", DefaultValueFactory = _ => 20 };
        var cmd = new Command("allreduce", "Milliseconds per Allreduce of one training step's flat gradient buffer (the teacher's parameter count + 3), ranks synchronised by a barrier first") { arch, reps };
        cmd.SetAction(p =>
        {
            var a = p.Value(arch);
            long count = NetworkSpec.Teacher(a).ToPlan().Parameters + 3;
            var buffer = new float[count];
            var world = Job.World;
            if (world.Size == 1)
                throw new BlockSwapException("bench allreduce times a sum over ranks: run it under a launcher, e.g. mpirun -np 2 bench/blockswap-bench allreduce");
            var times = new List<double>();
            for (int i = 0; i <= p.GetValue(reps); i++)
            {
                world.Barrier();
                var sw = Stopwatch.StartNew();
                world.AllreduceSum(buffer);
                if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            double median = times[times.Count / 2];
            Console.WriteLine($"bench allreduce: {count:N0} floats ({4.0 * count / 1e6:F1} MB, the {a.Name} teacher's gradients), {Plural.Of(world.Size, "rank")} ({world.Description}): " +
                              $"median {median:F2} ms (min {times[0]:F2}, max {times[^1]:F2}, n={times.Count}), {4.0 * count / median / 1e6:F2} GB/s");
            return 0;
        });
        return cmd;
    }
}
