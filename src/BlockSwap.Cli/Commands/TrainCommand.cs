using System.CommandLine;
using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Genotypes;
using BlockSwap.Networks;
using BlockSwap.Runtime;
using BlockSwap.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap train</c> and <c>blockswap eval</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var net = new CliOptions.NetworkOptions();
        var teacher = new Option<string?>("--teacher") { Description = "Teacher: DIR/checkpoint of a trained all-Conv network, or a PyTorch .pt state_dict of it" };
        var atBeta = new Option<double>("--at-beta") { Description = "Attention-transfer β (weight per group-output pair = β·3/pairs)", DefaultValueFactory = _ => 1000 };
        var kdAlpha = new Option<double>("--kd-alpha") { Description = "Logit-distillation weight α (0 = off, as the paper)", DefaultValueFactory = _ => 0 };
        var kdTemp = new Option<double>("--kd-temperature") { Description = "Logit-distillation temperature τ", DefaultValueFactory = _ => 4 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs", Required = true };
        var lr = new Option<double>("--lr") { Description = "Initial learning rate (cosine to 1e-10)", DefaultValueFactory = _ => 0.1 };
        var momentum = new Option<double>("--momentum") { DefaultValueFactory = _ => 0.9, Description = "SGD momentum" };
        var wd = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 5e-4, Description = "Weight decay on every parameter" };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128, Description = "Batch size" };
        var cutout = new Option<int>("--cutout") { DefaultValueFactory = _ => 16, Description = "Cutout side in pixels (0 = off)" };
        var dataset = SearchCommand.Dataset();
        var data = SearchCommand.DataDir();
        var seed = CliOptions.Seed();
        var device = CliOptions.Device();
        var resume = new Option<bool>("--resume") { Description = "Continue from DIR/checkpoint" };
        var outDir = new Option<string>("--out") { Description = "Output folder", Required = true };
        var cmd = new Command("train", "Train a network: the plain teacher (--arch alone), a BlockSwap student (--genotype/--blocks) or a Moonshine baseline (--uniform), optionally distilled from --teacher");
        net.AddTo(cmd);
        foreach (var o in new Option[] { teacher, atBeta, kdAlpha, kdTemp, epochs, lr, momentum, wd, batch, cutout, dataset, data, seed, device, resume, outDir })
            cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var dev = TorchRuntime.ResolveDevice(p.GetValue(device)!);
            var options = new TrainingOptions
            {
                Epochs = p.GetValue(epochs), Lr = p.GetValue(lr), Momentum = p.GetValue(momentum), WeightDecay = p.GetValue(wd),
                BatchSize = p.GetValue(batch), Seed = p.GetValue(seed), AtBeta = p.GetValue(atBeta), KdAlpha = p.GetValue(kdAlpha),
                KdTemperature = p.GetValue(kdTemp), Cutout = p.GetValue(cutout),
            };
            options.Validate();
            var probe = Architecture.Parse(p.GetValue(net.Arch)!);
            using var splits = DataSets.Load(p.GetValue(dataset)!, p.GetValue(data), p.GetValue(seed), (p.GetValue(net.InChannels), p.GetValue(net.InputSize) ?? probe.InputSize));
            var plan = ResolvePlanForData(net, p, splits);
            using var teacherNet = p.GetValue(teacher) is { } t ? TeacherLoader.Load(t, plan.Architecture, dev) : null;
            if (teacherNet is not null)
            {
                TrainingStep.CheckTeacherFits(plan.Architecture, teacherNet.Architecture);
                var te = Evaluator.Evaluate(teacherNet, splits.Test, dev);
                Console.WriteLine($"teacher {p.GetValue(teacher)}: test error {te.Top1Error:F2}% (top-5 {te.Top5Error:F2}%)");
            }
            if (splits.IsSynthetic) AnsiConsole.MarkupLine("[yellow]data: SYNTHETIC (generated patterns, not a real data set)[/]");
            var kind = teacherNet is null ? "" : $", attention transfer β={options.AtBeta}" + (options.KdAlpha > 0 ? $", KD α={options.KdAlpha} τ={options.KdTemperature}" : "");
            Console.WriteLine($"train: {plan.Architecture.Name} [{plan.Genotype}] ({plan.Policy.ToCliName()}), {plan.Parameters:N0} params, {plan.Macs:N0} MACs on {splits.Name} ({splits.Train.Count} train / {splits.Test.Count} test), {options.Epochs} epochs{kind}, device {dev}");
            var dir = p.GetValue(outDir)!;
            var result = TrainingProgressView.Run(view => Trainer.Run(plan, splits, options, teacherNet, p.GetValue(teacher), dev, dir, p.GetValue(resume), view));
            Console.WriteLine($"test error {result.TestTop1Error:F2}% (top-5 {result.TestTop5Error:F2}%), {result.Params:N0} params, {result.WallSeconds:F0} s; wrote {Path.Combine(dir, "checkpoint")}, model.pt, metrics.jsonl, result.json");
            return 0;
        });
        return cmd;
    }

    /// <summary>The network from the options, with input shape and classes taken from the data.</summary>
    private static NetworkPlan ResolvePlanForData(CliOptions.NetworkOptions net, ParseResult p, DataSplits splits)
    {
        var file = p.GetValue(net.Genotype);
        if (!string.IsNullOrWhiteSpace(file) && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var plan = GenotypeSource.Resolve(Architecture.Parse(p.GetValue(net.Arch)!), WrapperPolicy.PerBlock, file, p.GetValue(net.Blocks), p.GetValue(net.Uniform));
            var a = plan.Architecture;
            if (a.InChannels != splits.Channels || a.InputSize != splits.Size || a.Classes != splits.Classes)
                throw new BlockSwapException($"{file} describes a {a.InChannels}×{a.InputSize}×{a.InputSize} network with {a.Classes} classes but {splits.Name} has {splits.Channels}×{splits.Size}×{splits.Size} images in {splits.Classes} classes; use the data set the genotype was searched on");
            return plan;
        }
        var arch = Architecture.Parse(p.GetValue(net.Arch)!, splits.Classes, splits.Channels, splits.Size);
        return GenotypeSource.Resolve(arch, WrapperPolicyNames.Parse(p.GetValue(net.Wrapper)!), file, p.GetValue(net.Blocks), p.GetValue(net.Uniform));
    }

    public static Command CreateEval()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "DIR/checkpoint of a training run", Required = true };
        var dataset = SearchCommand.Dataset();
        var data = SearchCommand.DataDir();
        var device = CliOptions.Device();
        var json = CliOptions.Json();
        var cmd = new Command("eval", "Evaluate a trained network: top-1/top-5 test error, params and MACs") { checkpoint, dataset, data, device, json };
        cmd.SetAction(p =>
        {
            var dev = TorchRuntime.ResolveDevice(p.GetValue(device)!);
            var (network, header) = Checkpoint.LoadNetwork(p.GetValue(checkpoint)!, dev);
            using var _ = network;
            var arch = network.Architecture;
            using var splits = DataSets.Load(p.GetValue(dataset)!, p.GetValue(data), header.Options.Seed, (arch.InChannels, arch.InputSize));
            if (splits.Channels != arch.InChannels || splits.Size != arch.InputSize || splits.Classes != arch.Classes)
                throw new BlockSwapException($"the checkpoint's network takes {arch.InChannels}×{arch.InputSize}×{arch.InputSize} images in {arch.Classes} classes but {splits.Name} has {splits.Channels}×{splits.Size}×{splits.Size} in {splits.Classes}; pass the --dataset it was trained on ({header.Dataset})");
            var e = Evaluator.Evaluate(network, splits.Test, dev);
            if (p.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    top1Error = e.Top1Error, top5Error = e.Top5Error, loss = e.Loss, count = e.Count,
                    @params = network.Plan.Parameters, macs = network.Plan.Macs, architecture = arch.Name, dataset = splits.Name, epoch = header.Epoch,
                }, GenotypeFile.Json));
                return 0;
            }
            Console.WriteLine($"{arch.Name} [{network.Plan.Genotype}] after {header.Epoch} epochs, on {splits.Name} test ({e.Count} images)");
            Console.WriteLine($"top-1 error {e.Top1Error:F2}%   top-5 error {e.Top5Error:F2}%   params {network.Plan.Parameters:N0}   MACs {network.Plan.Macs:N0}");
            return 0;
        });
        return cmd;
    }
}
