using System.CommandLine;
using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Training;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap train</c> and <c>blockswap eval</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var net = new NetworkOptions();
        var recipe = new RecipeOptions(epochsRequired: true, keep: true);
        var teacher = new Option<string?>("--teacher")
        {
            Description = "Teacher: a training run's folder or DIR/checkpoint (any genotype of the same architecture; normally the all-Conv network), or a PyTorch .pt state_dict of the reference's all-Conv network of --arch",
        };
        var data = new DataOptions();
        var seed = CliOptions.Seed();
        var compute = new ComputeOptions();
        var resume = CliOptions.Resume("Continue from DIR/checkpoint");
        var initFrom = new Option<string?>("--init-from") { Description = "Start from the weights of a checkpoint of the same network (fine-tuning; its optimiser state is not taken)" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the results of an earlier run in --out (once this job owns the folder) instead of refusing it" };
        var json = CliOptions.Json();
        var outDir = CliOptions.Out();
        var cmd = new Command("train", "Train a network: the plain teacher (--arch alone), a BlockSwap student (--genotype/--blocks) or a Moonshine baseline (--uniform), optionally distilled from --teacher. Under mpirun/srun: synchronous data-parallel SGD over the ranks (the same global batch split between them, one gradient Allreduce per step); BN statistics stay local to each rank's part, as PyTorch DDP does by default, so N ranks equal one process with --micro-batches N");
        net.AddTo(cmd);
        recipe.AddTo(cmd);
        data.AddTo(cmd);
        compute.AddTo(cmd);
        var teacherArch = CliOptions.TeacherArch();
        foreach (var o in new Option[] { teacher, teacherArch.Option, seed, resume, initFrom, overwrite, json, outDir, ConfigFile.Option() })
            cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            var options = recipe.Read(p, p.GetValue(seed)) with { InitFrom = p.GetValue(initFrom) };
            options.Validate();
            if (p.GetValue(overwrite) && p.GetValue(resume))
                throw new BlockSwapException("--overwrite replaces an earlier run and --resume continues it: give one of them");
            using var splits = data.Load(p, options.Seed, net.SyntheticShape(p));
            net.CheckAgainst(p, splits);
            var plan = net.Choice(p).Resolve(splits.Shape, shapeFromData: true).ToPlan();
            var teacherPath = p.GetValue(teacher);
            using var teacherNet = teacherPath is null ? null
                : TeacherLoader.LoadChecked(teacherPath, plan.Architecture, splits, dev, teacherArch.Read(p), note => Console.Error.WriteLine($"note: {note}"));
            if (teacherNet is not null) Console.WriteLine(TeacherLoader.TestErrorLine(teacherPath!, teacherNet, splits, dev));
            var kind = teacherNet is null ? "" : $", attention transfer β={options.AtBeta}" + (options.KdAlpha > 0 ? $", KD α={options.KdAlpha} τ={options.KdTemperature}" : "");
            Console.WriteLine($"train: {plan.Spec}, {plan.Parameters:N0} params, {plan.Macs:N0} MACs on {splits.Name} ({splits.Train.Count} train / {splits.Test.Count} test), {Plural.Of(options.Epochs, "epoch")}{kind}{(options.Precision == BlockSwap.Foundation.Runtime.Precision.Bf16 ? ", bf16 training" : "")}, device {dev}");
            var dir = p.Value(outDir);
            if (p.GetValue(overwrite)) OutputLock.WhenTaken(dir, () => TrainingOutputs.Remove(dir));
            ConfigFile.WriteEffective(p, dir);
            CliOptions.Resuming(p, resume, dir, Checkpoint.FileName);
            var result = TrainingProgressView.Run(view => Trainer.Run(new TrainingJob(plan, splits, options, dev, dir) { Teacher = teacherNet, TeacherSource = p.GetValue(teacher), Resume = p.GetValue(resume), Progress = view, Cancel = Interruption.Token, Comm = Job.World }));
            if (p.PrintedJson(json, result)) return 0;
            if (options.Keep == KeepEpoch.Best)
                Console.WriteLine($"kept epoch {result.KeptEpoch} of {result.Epochs}: the lowest validation error, {result.ValidationError:F2}%");
            Console.WriteLine($"test error {result.TestTop1Error:F2}% (top-5 {result.TestTop5Error:F2}%), {result.Params:N0} params, {result.WallSeconds:F0} s; wrote {Path.Combine(dir, Checkpoint.FileName)}, model.pt, metrics.jsonl, {TrainingResult.FileName}");
            return 0;
        });
        return cmd;
    }

    public static Command CreateEval()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A training run's folder or its DIR/checkpoint", Required = true };
        var data = new DataOptions(fromCheckpoint: true);
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var cmd = new Command("eval", "Evaluate a trained network: top-1/top-5 test error, params and MACs") { checkpoint, json };
        data.AddTo(cmd);
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            var e = CheckpointEvaluation.Run(p.Value(checkpoint), (header, shape) => data.LoadFor(p, header, shape), dev, note => Console.Error.WriteLine($"note: {note}"));
            if (p.PrintedJson(json, e)) return 0;
            Console.WriteLine($"{e.Network} after {Plural.Of(e.Epoch, "epoch")}, on {e.Dataset} test ({e.Count} images)");
            Console.WriteLine($"top-1 error {e.Top1Error:F2}%   top-5 error {e.Top5Error:F2}%   params {e.Params:N0}   MACs {e.Macs:N0}");
            if (e.Classes.Count <= 100) Console.WriteLine("per class: " + string.Join(", ", e.Classes.Select(c => $"{c.Name} {c.Top1Error:F1}%")));
            return 0;
        });
        return cmd;
    }
}
