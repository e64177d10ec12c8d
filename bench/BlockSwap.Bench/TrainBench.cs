using System.CommandLine;
using System.Diagnostics;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Training;

using BlockSwap.Cli.Commands;

namespace BlockSwap.Bench;

/// <summary><c>blockswap-bench train</c>: seconds and images/s of one training step, teacher alone and student with AT.</summary>
internal static class TrainBench
{
    // The published bs400k genotype: a realistic student.
    private const string Student = "Conv,DConvG16,DConv,DConvA2,ConvB2,DConvA8,DConvG2,DConvG16,DConvA8,DConvA16,DConvG8,DConvA4,DConvG4,DConvG4,A4B2,DConvG8,DConvG8,G16B2";

    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Timed steps per case (after one warm-up)", DefaultValueFactory = _ => 5 };
        var batch = CliOptions.BatchSize("Batch size");
        var compute = new ComputeOptions();
        var layout = CliOptions.Layout("channels-last, as training");
        var batchNorm = CliOptions.BatchNormKernel(BlockSwap.Foundation.Runtime.BatchNormKernel.LibTorch, "as training");
        var precision = new ChoiceOption<Precision>("--precision", "Arithmetic of both networks' training and of the frozen teacher in AT: fp32 or bf16 (train --precision and --teacher-precision)",
            Precision.Fp32, "precision");
        var cmd = new Command("train", "Seconds per WRN-40-2 training step (batch 128): the teacher, and a bs400k student with attention transfer; under mpirun, data-parallel over the ranks with the gradient Allreduce time") { steps, batch, layout, batchNorm.Option, precision.Option };
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            var arch = Architecture.WideResNet(40, 2);
            int b = p.GetValue(batch);
            using var data = SyntheticData.Create(10, 3, 32, b * (p.GetValue(steps) + 1), 16, 1);
            var options = new TrainingOptions { BatchSize = b, Epochs = 1, Lr = 0.01, Layout = p.Value(layout).Resolve(BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast), BatchNorm = batchNorm.Read(p), Precision = precision.Read(p), TeacherPrecision = precision.Read(p) };
            var loader = new BatchLoader(data.Train, b, 1, dev, layout: options.Layout);
            using var teacher = new BlockSwapNetwork(NetworkSpec.Teacher(arch).ToPlan(), 1, dev);
            Time("teacher (CE)", teacher, null);
            using var student = new BlockSwapNetwork(new NetworkSpec(arch, Genotype.Parse(Student)).ToPlan(), 2, dev);
            Time("bs400k student + AT", student, teacher);
            return 0;

            void Time(string name, BlockSwapNetwork net, BlockSwapNetwork? t)
            {
                using var opt = Optimisers.Create(net.parameters(), options);
                using var step = new TrainingStep(net, t, opt, options, new BatchSplit(Job.World));
                var times = new List<double>();
                var reduce = new List<double>();
                int i = 0;
                foreach (var idx in loader.Epoch(0))
                {
                    using var scope = TorchSharp.torch.NewDisposeScope();
                    var (x, y) = loader.Get(idx, new Random(i));
                    var sw = Stopwatch.StartNew();
                    step.Run(x, y, 0.01);
                    if (dev.type == TorchSharp.DeviceType.CUDA) TorchSharp.torch.cuda.synchronize();
                    if (i++ > 0)
                    {
                        times.Add(sw.Elapsed.TotalSeconds);
                        reduce.Add(step.ReduceSeconds);
                    }
                    GC.Collect();
                }
                times.Sort();
                reduce.Sort();
                double median = times[times.Count / 2];
                string ranks = Job.World.Size > 1 ? $", {Job.World.Size} ranks, gradient Allreduce median {1000 * reduce[reduce.Count / 2]:F1} ms of it" : "";
                Console.WriteLine($"bench train: {name}, WRN-40-2, batch {b}, {options.Layout.Name()}, device {dev}, threads {TorchSharp.torch.get_num_threads()}{(Job.World.Size > 1 ? " per rank" : "")}: median {median:F3} s per step ({b / median:F0} images/s{ranks}; min {times[0]:F3}, max {times[^1]:F3}, n={times.Count})");
            }
        });
        return cmd;
    }
}
