using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Training;

[Trait("Category", TestCategories.Training)]
public class TrainerTests
{
    private static DataSplits Data() => SyntheticData.Create(10, 1, 12, 96, 32, seed: 4);
    private static Architecture Arch() => Architecture.WideResNet(10, 1, classes: 10, inChannels: 1, inputSize: 12);
    private static TrainingOptions Options(int epochs = 2) => new() { Epochs = epochs, BatchSize = 32, Seed = 9, Lr = 0.05 };
    private static string Temp() => Scratch.Folder("bs-train-");

    private static float[] Weights(string dir)
    {
        var (net, _) = Checkpoint.LoadNetwork(Path.Combine(dir, "checkpoint"), CPU);
        using (net) return net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void InterruptedAndResumed_EndsWithTheSameWeights_AsUninterrupted()
    {
        using var data = Data();
        var plan = new NetworkSpec(Arch(), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        var full = Temp();
        Trainer.Run(new TrainingJob(plan, data, Options(), CPU, full));

        var part = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(new TrainingJob(plan, data, Options(), CPU, part) { Progress = new CancelAfterEpoch(cts), Cancel = cts.Token }));
        Assert.Equal(1, Checkpoint.ReadHeader(Path.Combine(part, "checkpoint")).Epoch);
        Trainer.Run(new TrainingJob(plan, data, Options(), CPU, part) { Resume = true });
        Assert.Equal(Weights(full), Weights(part));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(part, "metrics.jsonl")).Length);
    }

    [Fact]
    public void StudentWithTeacher_WritesEveryOutput_AndModelPtRoundTrips()
    {
        using var data = Data();
        var teacherDir = Temp();
        Trainer.Run(new TrainingJob(NetworkPlan.Uniform(Arch(), BlockCatalogue.Get("Conv")), data, Options(1), CPU, teacherDir));
        var (teacher, _) = Checkpoint.LoadNetwork(Path.Combine(teacherDir, "checkpoint"), CPU);
        using var _t = teacher;
        var dir = Temp();
        var plan = NetworkPlan.Uniform(Arch(), BlockCatalogue.Get("G4B2"));
        var result = Trainer.Run(new TrainingJob(plan, data, Options(1) with { KdAlpha = 0.5 }, CPU, dir) { Teacher = teacher, TeacherSource = "teacher" });
        foreach (var f in new[] { "checkpoint", "model.pt", "metrics.jsonl", "result.json" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "tensorboard")));
        Assert.Contains("\"atLoss\":", File.ReadAllText(Path.Combine(dir, "metrics.jsonl")));
        Assert.True(result.SyntheticData);
        Assert.Equal(plan.Parameters, result.Params);

        // model.pt (PyTorch state_dict) loads back into a fresh network with identical outputs.
        var (trained, _) = Checkpoint.LoadNetwork(Path.Combine(dir, "checkpoint"), CPU);
        using var fresh = new BlockSwapNetwork(plan, seed: 123);
        fresh.Compute.CopyFrom(trained.Compute); // the same layout, so the same arithmetic order
        fresh.load_py(Path.Combine(dir, "model.pt"));
        using var scope = NewDisposeScope();
        trained.eval();
        fresh.eval();
        var x = randn(4, 1, 12, 12);
        Assert.Equal(0f, (trained.call(x).Logits - fresh.call(x).Logits).abs().max().item<float>());
        trained.Dispose();
    }

    [Fact]
    public void AdamW_Trains_ResumesToTheSameWeights_AndAnotherOptimiserCannotResumeIt()
    {
        using var data = Data();
        var plan = new NetworkSpec(Arch(), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        var options = Options(2) with { Optimiser = OptimiserKind.AdamW, Lr = 3e-3, WeightDecay = 0.05 };
        var full = Temp();
        var r = Trainer.Run(new TrainingJob(plan, data, options, CPU, full));
        var sgd = Temp();
        Trainer.Run(new TrainingJob(plan, data, Options(2), CPU, sgd));
        Assert.NotEqual(Weights(sgd), Weights(full));
        // The checkpoint holds Adam's moments, named by TorchSharp as the optimiser's type.
        var bytes = File.ReadAllBytes(Path.Combine(full, Checkpoint.FileName));
        Assert.True(bytes.AsSpan().IndexOf("AdamW"u8) >= 0);
        Assert.Equal(OptimiserKind.AdamW, Checkpoint.ReadHeader(Path.Combine(full, Checkpoint.FileName)).Options.Optimiser);

        var part = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Progress = new CancelAfterEpoch(cts), Cancel = cts.Token }));
        var e = Assert.Throws<BlockSwapException>(() => Trainer.Run(new TrainingJob(plan, data, options with { Optimiser = OptimiserKind.Sgd }, CPU, part) { Resume = true }));
        Assert.Contains("optimiser adamw → sgd", e.Message);
        Assert.StartsWith("cannot resume", e.Message);
        var resumed = Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Resume = true });
        Assert.Equal(Weights(full), Weights(part));
        Assert.Equal(r.TestTop1Error, resumed.TestTop1Error);
    }

    [Fact]
    public void KeepBest_KeepsTheEpochOfLowestValidationError_InModelCheckpointAndResult_AcrossAResume()
    {
        using var data = Data();
        var plan = new NetworkSpec(Arch(), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        // The rate jumps eightfold in the last epoch, so the last epoch is unlikely to be the best one.
        var options = Options(3) with { ValidationImages = 24, Keep = KeepEpoch.Best, Schedule = LrSchedule.Step, StepMilestones = StepMilestones.Parse("3"), StepGamma = 8 };
        var dir = Temp();
        var r = Trainer.Run(new TrainingJob(plan, data, options, CPU, dir));
        var metrics = Checkpoint.ReadHeader(Path.Combine(dir, Checkpoint.FileName)).Metrics;
        Assert.All(metrics, m => Assert.NotNull(m.ValidationError));
        int kept = Trainer.KeptIndex(metrics, options);
        Assert.Equal(metrics.Select(m => m.ValidationError!.Value).Min(), metrics[kept].ValidationError);
        Assert.Equal((kept + 1, metrics[kept].TestError, metrics[kept].ValidationError), (r.KeptEpoch, r.TestTop1Error, r.ValidationError));
        Assert.True(kept < 2, $"the best epoch was the last ({string.Join(", ", metrics.Select(m => m.ValidationError))}); the test needs an earlier one");
        // The final checkpoint (what eval and export read) holds the kept epoch's weights: its test error is that epoch's.
        Assert.Equal(kept + 1, Checkpoint.ReadHeader(Path.Combine(dir, Checkpoint.FileName)).KeptEpoch);
        var (net, _) = Checkpoint.LoadNetwork(Path.Combine(dir, Checkpoint.FileName), CPU);
        using (net) Assert.Equal(metrics[kept].TestError, Evaluator.Evaluate(net, data.Test, CPU).Top1Error, 6);

        var part = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Progress = new CancelAfterEpoch(cts), Cancel = cts.Token }));
        var resumed = Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Resume = true });
        Assert.Equal((r.KeptEpoch, r.TestTop1Error), (resumed.KeptEpoch, resumed.TestTop1Error));
        Assert.Equal(Weights(dir), Weights(part));

        Assert.Contains("--keep best chooses the epoch by validation error", Assert.Throws<BlockSwapException>(() => (Options() with { Keep = KeepEpoch.Best }).Validate()).Message);
    }

    [Fact]
    public void WithEveryRecipeOption_ResumeStillEndsWithTheSameWeights()
    {
        using var data = Data();
        var plan = new NetworkSpec(Arch(), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        var options = Options(3) with { Schedule = LrSchedule.Step, StepMilestones = StepMilestones.Parse("2"), WarmupEpochs = 1, LabelSmoothing = 0.1, EmaDecay = 0.9, Mixup = 0.2, CutMix = 1.0, Augment = AugmentPolicy.TrivialAugment, Precision = BlockSwap.Foundation.Runtime.Precision.Bf16 };
        var full = Temp();
        var r = Trainer.Run(new TrainingJob(plan, data, options, CPU, full));
        Assert.True(File.Exists(Path.Combine(full, "model-ema.pt")));
        var part = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Progress = new CancelAfterEpoch(cts), Cancel = cts.Token }));
        var resumed = Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Resume = true });
        Assert.Equal(Weights(full), Weights(part));
        Assert.Equal(r.TestTop1Error, resumed.TestTop1Error);
        // The weight average came back from the checkpoint too (the .pt files differ only in their zip timestamps).
        using var a = new BlockSwapNetwork(plan, 1);
        using var b = new BlockSwapNetwork(plan, 2);
        BlockSwap.Engine.Interop.PyTorchStateDict.Load(a, Path.Combine(full, "model-ema.pt"));
        BlockSwap.Engine.Interop.PyTorchStateDict.Load(b, Path.Combine(part, "model-ema.pt"));
        var sb = b.state_dict();
        foreach (var (k, v) in a.state_dict())
            Assert.Equal(0.0, (v.to(ScalarType.Float64) - sb[k].to(ScalarType.Float64)).abs().max().item<double>());
    }

    [Fact]
    public void CheckpointRoundTrip_RestoresWeightsBuffersAndOptimiser()
    {
        using var scope = NewDisposeScope();
        var plan = new NetworkSpec(Arch(), Genotype.Parse("Conv,DConv,A4B2")).ToPlan();
        using var a = new BlockSwapNetwork(plan, 1);
        using var optA = Optimisers.Create(a.parameters(), Options());
        using (no_grad()) ((TorchSharp.Modules.BatchNorm2d)a.Layer("bn1")).running_mean!.fill_(0.25f);
        foreach (var p in a.parameters()) p.grad = ones_like(p);
        optA.step();
        var path = Path.Combine(Temp(), "checkpoint");
        var header = new CheckpointHeader { Network = plan.Spec, Options = Options(), Epoch = 3, Dataset = "synthetic" };
        Checkpoint.Save(path, header, a, optA);
        using var b = new BlockSwapNetwork(plan, 2);
        using var optB = Optimisers.Create(b.parameters(), Options());
        var back = Checkpoint.Read(path, b, optB);
        Assert.Equal(3, back.Epoch);
        Assert.Equal(plan.Spec, back.Network);
        Assert.Equal(0.25f, ((TorchSharp.Modules.BatchNorm2d)b.Layer("bn1")).running_mean![0].item<float>());
        var sa = a.state_dict();
        foreach (var (k, v) in b.state_dict())
            Assert.Equal(0f, (v.to(ScalarType.Float64) - sa[k].to(ScalarType.Float64)).abs().max().item<double>());
        // The momentum buffers came back: the same gradient gives the same next step on both.
        foreach (var (pa, pb) in a.parameters().Zip(b.parameters()))
        {
            pa.grad = full_like(pa, 0.5f);
            pb.grad = full_like(pb, 0.5f);
        }
        optA.step();
        optB.step();
        foreach (var (pa, pb) in a.parameters().Zip(b.parameters()))
            Assert.Equal(0f, (pa - pb).abs().max().item<float>());
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        Assert.Throws<BlockSwapException>(() => Checkpoint.Read(path, b, optB));
    }

    [Fact]
    public void NonFiniteLoss_StopsWithClearMessage_AndKeepsLastGoodCheckpoint()
    {
        using var data = Data();
        var plan = NetworkPlan.Uniform(Arch(), BlockCatalogue.Get("Conv"));
        var dir = Temp();
        Trainer.Run(new TrainingJob(plan, data, Options(1), CPU, dir));
        var good = File.ReadAllBytes(Path.Combine(dir, "checkpoint"));
        var e = Assert.Throws<BlockSwapException>(() => Trainer.Run(new TrainingJob(plan, data, Options(2) with { Lr = 1e30 }, CPU, Temp())));
        Assert.Contains("loss became", e.Message);
        Assert.Contains("lower the learning rate", e.Message);
        Assert.Equal(good, File.ReadAllBytes(Path.Combine(dir, "checkpoint")));
    }

    [Fact]
    public void MismatchedTeacher_IsRefusedBeforeTraining()
    {
        using var other = new BlockSwapNetwork(NetworkSpec.Teacher(Architecture.WideResNet(10, 2, 10, 1, 12)).ToPlan(), 1);
        var e = Assert.Throws<BlockSwapException>(() => TrainingStep.CheckTeacherFits(Arch(), other));
        Assert.Contains("does not match", e.Message);
    }

    [Fact]
    public void InterruptedInsideAnEpoch_ResumesAtThatStep_WithTheSameWeightsAndMetrics()
    {
        using var data = Data();   // 96 images, batch 32: 3 steps per epoch
        var plan = new NetworkSpec(Arch(), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        var options = Options(2) with { EmaDecay = 0.9 };
        var full = Temp();
        var r = Trainer.Run(new TrainingJob(plan, data, options, CPU, full));

        var part = Temp();
        using var cts = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Progress = new CancelAfterSteps(2, cts), Cancel = cts.Token }));
        var header = Checkpoint.ReadHeader(Path.Combine(part, "checkpoint"));
        Assert.Equal((0, 2), (header.Epoch, header.Partial!.Step));     // the first epoch's two steps were kept
        var resumed = Trainer.Run(new TrainingJob(plan, data, options, CPU, part) { Resume = true });
        Assert.Equal(Weights(full), Weights(part));
        Assert.Equal(r.TestTop1Error, resumed.TestTop1Error);
        static string WithoutTimes(string line) => System.Text.RegularExpressions.Regex.Replace(line, "\"(seconds|imagesPerSecond)\":[0-9.Ee+-]+", "");
        Assert.Equal(File.ReadAllLines(Path.Combine(full, "metrics.jsonl")).Select(WithoutTimes), File.ReadAllLines(Path.Combine(part, "metrics.jsonl")).Select(WithoutTimes));
        Assert.Null(Checkpoint.ReadHeader(Path.Combine(part, "checkpoint")).Partial);
    }

    [Fact]
    public void InitFrom_StartsFromTheCheckpointsWeights_AndRefusesAnotherNetwork()
    {
        using var data = Data();
        var plan = new NetworkSpec(Arch(), Genotype.Parse("DConvA2,G8B2,Conv")).ToPlan();
        var first = Temp();
        Trainer.Run(new TrainingJob(plan, data, Options(1), CPU, first));
        // A rate of 1e-9 (no momentum, no decay) leaves the weights where they started: the checkpoint's, not the seed's.
        var tuned = Temp();
        var still = Options(1) with { Lr = 1e-9, MinLr = 1e-12, Momentum = 0, WeightDecay = 0, Seed = 123 };
        Trainer.Run(new TrainingJob(plan, data, still with { InitFrom = first }, CPU, tuned));
        var a = Weights(first);
        var b = Weights(tuned);
        Assert.True(a.Zip(b).Max(p => Math.Abs(p.First - p.Second)) < 1e-6);
        var fresh = Temp();
        Trainer.Run(new TrainingJob(plan, data, still, CPU, fresh));
        Assert.True(a.Zip(Weights(fresh)).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
        var other = new NetworkSpec(Arch(), Genotype.Parse("Conv,Conv,Conv")).ToPlan();
        var e = Assert.Throws<BlockSwapException>(() => Trainer.Run(new TrainingJob(other, data, Options(1) with { InitFrom = first }, CPU, Temp())));
        Assert.Contains("start from a checkpoint of the same network", e.Message);
    }

    private sealed class CancelAfterSteps(int steps, CancellationTokenSource cts) : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int steps) { }
        public void Stepped(int step, double loss, double imagesPerSecond) { if (step == steps) cts.Cancel(); }
        public void EpochEnded(EpochMetrics metrics) { }
    }

    private sealed class CancelAfterEpoch(CancellationTokenSource cts) : ITrainingProgress
    {
        public void EpochStarted(int epoch, int epochs, int steps) { }
        public void Stepped(int step, double loss, double imagesPerSecond) { }
        public void EpochEnded(EpochMetrics metrics) => cts.Cancel();
    }
}
