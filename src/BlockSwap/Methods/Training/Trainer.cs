using System.Diagnostics;
using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// Trains a network (teacher, BlockSwap student or Moonshine baseline) with the paper's recipe and writes
/// checkpoint, metrics.jsonl, TensorBoard events, model.pt (PyTorch state_dict) and result.json in the output
/// folder. Every random draw derives from (seed, epoch, step), so a resumed run ends with the same weights as
/// an uninterrupted one.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains in this process, or, with a communicator of several ranks, data-parallel (docs/distributed.md): every
    /// rank draws the same batches and augmentation, computes its parts (<see cref="BatchSplit"/>) and applies the
    /// summed gradients; rank 0 alone evaluates and writes outputs; every rank returns rank 0's result.
    /// </summary>
    public static TrainingResult Run(TrainingJob job)
    {
        var (plan, data, options, device, outDir) = job;
        var (teacher, teacherSource, resume, cancel) = (job.Teacher, job.TeacherSource, job.Resume, job.Cancel);
        var comm = job.Comm ?? BlockSwap.Foundation.Distributed.SingleProcess.Instance;
        bool root = comm.IsRoot;
        var progress = root ? job.Progress : null;
        options = TrainingRecipe.Fit(options, data.Channels, data.Size);
        options.Validate();
        var arch = plan.Architecture;
        DataShape.Check(data, arch.Shape, $"the network {arch.Name}");
        if (options.Cutout >= 2 * data.Size)
            throw new BlockSwapException($"cutout {options.Cutout} would erase the whole {data.Size}-pixel image every time; use 0 (off) up to {2 * data.Size - 1}");
        using var folder = root ? OutputLock.Acquire(outDir, ResultKind.Training) : null;
        var checkpointPath = Path.Combine(outDir, Checkpoint.FileName);
        using var net = new BlockSwapNetwork(plan, Seeds.Derive(options.Seed, "init"), device);
        using var optimiser = Optimisers.Create(net.parameters(), options);
        using var teacherInput = teacher is null ? null : TeacherInput.For(teacherSource, data);
        using var step = new TrainingStep(net, teacher, optimiser, options, new BatchSplit(comm, options.MicroBatches), teacherInput);
        using var ema = options.EmaDecay > 0 ? new WeightAverage(net, options.EmaDecay) : null;
        var teacherDigest = TeacherDigest(teacherSource);
        var fingerprint = data.Fingerprint;
        var (metrics, partial) = Restore(checkpointPath, resume, plan.Spec, options, fingerprint, teacherDigest, net, optimiser, ema, comm.Size);
        folder?.Started();
        if ((metrics.Count > 0 || partial is not null) && metrics.Count < options.Epochs)
            progress?.Resumed(metrics.Count, partial?.Step ?? 0);
        else if (metrics.Count == 0 && options.InitFrom is { } start)
            StartFrom(start, plan.Spec, net, ema);
        CheckpointHeader Header(List<EpochMetrics> done, PartialEpoch? inside) => new()
        {
            Network = plan.Spec, Options = options, Epoch = done.Count, Dataset = data.Name, DataSource = data.Source.Length > 0 ? data.Source : null,
            DataFolder = data.Folder, Data = fingerprint, Teacher = teacherSource,
            Classes = data.ClassNames.Count > 0 ? data.ClassNames : null, Normalisation = data.Train.Normalisation,
            TeacherDigest = teacherDigest, Metrics = done, Partial = inside, Ranks = comm.Size > 1 ? comm.Size : null,
        };
        Action<PartialEpoch>? savePartial = root ? p => Checkpoint.Save(checkpointPath, Header(metrics, p), net, optimiser, ema?.Network) : null;

        // A validation split, held out of the training images (seeded), ranks the epochs for --keep best.
        var (trainSet, validation) = options.ValidationImages > 0 ? data.HoldOut(options.ValidationImages, null, options.Seed) : (data.Train, null);
        using var heldOut = validation is null ? null : new DataSplits(trainSet, validation);
        var loader = new BatchLoader(trainSet, options.BatchSize, options.Seed, device, new AugmentOptions(Cutout: options.Cutout!.Value, Policy: options.Augment), options.Layout);
        var schedule = new LearningRateSchedule(options, loader.BatchesPerEpoch);
        var board = root ? torch.utils.tensorboard.SummaryWriter(Path.Combine(outDir, TrainingOutputs.TensorBoardFolder)) : null;
        var run = new EpochLoop(step, ema, loader, root ? data.Test : null, root ? validation : null, net, options, schedule, checkpointPath, device, board, progress, savePartial, cancel);
        var bestPath = Path.Combine(outDir, BestCheckpointName);
        int firstEpoch = metrics.Count;
        for (int epoch = firstEpoch; epoch < options.Epochs; epoch++)
        {
            progress?.EpochStarted(epoch, options.Epochs, loader.BatchesPerEpoch);
            var m = run.Train(epoch, epoch == firstEpoch ? partial : null);
            metrics.Add(m);
            if (root && options.Keep == KeepEpoch.Best && KeptIndex(metrics, options) == metrics.Count - 1)
                Checkpoint.Save(bestPath, Header(metrics, null), net, null, ema?.Network);
            if (root) WriteEpochOutputs(outDir, Header(metrics, null), net, optimiser, ema, board!, teacher is not null);
            progress?.EpochEnded(m);
        }
        if (root && options.Keep == KeepEpoch.Best)
        {
            // The kept epoch's weights become the run's result: model.pt, and the checkpoint that eval and export read.
            Checkpoint.Read(bestPath, net, null, ema?.Network);
            Checkpoint.Save(checkpointPath, Header(metrics, null) with { KeptEpoch = metrics[KeptIndex(metrics, options)].Epoch }, net, optimiser, ema?.Network);
        }
        var result = root ? WriteFinalOutputs(job with { Options = options }, net, ema, metrics) : null;
        if (comm.Size == 1) return result!;
        var json = comm.Broadcast(root ? JsonSerializer.SerializeToUtf8Bytes(result, JsonFormats.Compact) : null);
        return JsonSerializer.Deserialize<TrainingResult>(json, JsonFormats.Compact)!;
    }

    /// <summary>Fine-tuning: the weights (and BN statistics) of a checkpoint of the same network; its optimiser state is not taken.</summary>
    private static void StartFrom(string path, NetworkSpec spec, BlockSwapNetwork net, WeightAverage? ema)
    {
        path = Checkpoint.Locate(path);
        if (!File.Exists(path))
            throw new BlockSwapException($"--init-from {path} does not exist; give a training run's folder or DIR/checkpoint");
        var header = Checkpoint.ReadHeader(path);
        if (header.Network != spec)
            throw new BlockSwapException($"--init-from {path} holds {Describe(header.Network)}, not {Describe(spec)}; start from a checkpoint of the same network");
        Checkpoint.Read(path, net, null);
        ema?.Restart();
    }

    /// <summary>A network with its input and class count: two specs of one genotype differ there (an error once read "holds wrn-10-1 [Conv,Conv,Conv], not wrn-10-1 [Conv,Conv,Conv]").</summary>
    private static string Describe(NetworkSpec s) =>
        $"{s} for {s.Architecture.InChannels}×{s.Architecture.InputSize}×{s.Architecture.InputSize} inputs and {Plural.Of(s.Architecture.Classes, "class", "classes")}";

    /// <summary>The content digest of a teacher file, or null (no teacher, or not a file).</summary>
    public static string? TeacherDigest(string? teacherSource) =>
        teacherSource is not null && File.Exists(Checkpoint.Locate(teacherSource)) ? FileDigest.Of(Checkpoint.Locate(teacherSource)) : null;

    /// <summary>The metrics of the epochs already done: none for a new run; from the checkpoint, with weights and optimiser state, on resume.</summary>
    private static (List<EpochMetrics> Metrics, PartialEpoch? Partial) Restore(string checkpointPath, bool resume, NetworkSpec spec, TrainingOptions options,
        Data.DataFingerprint data, string? teacherDigest, BlockSwapNetwork net, OptimizerHelper optimiser, WeightAverage? ema, int ranks)
    {
        if (!File.Exists(checkpointPath)) return ([], null);
        if (!resume)
            throw new BlockSwapException($"{checkpointPath} already exists (an earlier or interrupted run): continue it with --resume, replace it with --overwrite, or choose an empty output folder");
        var previous = Checkpoint.ReadHeader(checkpointPath);
        if ((previous.Ranks ?? 1) != ranks)
            throw new BlockSwapException($"cannot resume: {checkpointPath} was trained by {Plural.Of(previous.Ranks ?? 1, "rank")} and this job has {ranks} " +
                                         $"(each rank normalises its own part of a batch); resume with {((previous.Ranks ?? 1) == 1 ? "one process, without mpirun" : $"mpirun -np {previous.Ranks}")}");
        var differences = TrainingInputs.Differences(previous, spec, options, data, teacherDigest);
        if (differences.Length > 0)
            throw new BlockSwapException($"cannot resume: {checkpointPath} was made from other inputs ({differences}); give the same inputs or choose another output folder");
        var header = Checkpoint.Read(checkpointPath, net, optimiser, ema?.Network);
        return (header.Metrics, header.Partial);
    }

    /// <summary>How often a long epoch writes its progress, so a killed process loses at most this much training.</summary>
    public static readonly TimeSpan PartialEvery = TimeSpan.FromMinutes(5);

    /// <summary>The weights of the best epoch so far (--keep best), beside the last epoch's checkpoint.</summary>
    public const string BestCheckpointName = "checkpoint-best";

    /// <summary>The index of the epoch whose weights the run keeps: the last, or the first of lowest validation error.</summary>
    public static int KeptIndex(IReadOnlyList<EpochMetrics> metrics, TrainingOptions options)
    {
        if (options.Keep == KeepEpoch.Last) return metrics.Count - 1;
        int best = 0;
        for (int i = 1; i < metrics.Count; i++)
            if (metrics[i].ValidationError < metrics[best].ValidationError) best = i;
        return best;
    }

    /// <summary>What every epoch of one training run works with (the evaluation splits only on the reporting rank).</summary>
    private static void WriteEpochOutputs(string outDir, CheckpointHeader header, BlockSwapNetwork net, OptimizerHelper optimiser, WeightAverage? ema,
        TorchSharp.Modules.SummaryWriter board, bool distilled)
    {
        Checkpoint.Save(Path.Combine(outDir, Checkpoint.FileName), header, net, optimiser, ema?.Network);
        MetricsFile.Write(outDir, header.Metrics);
        var m = header.Metrics[^1];
        board.add_scalar("lr", (float)m.Lr, m.Epoch);
        board.add_scalar("train/loss", (float)m.TrainLoss, m.Epoch);
        board.add_scalar("train/error", (float)m.TrainError, m.Epoch);
        board.add_scalar("test/top1_error", (float)m.TestError, m.Epoch);
        board.add_scalar("test/top5_error", (float)m.TestTop5Error, m.Epoch);
        if (m.ValidationError is { } v) board.add_scalar("validation/top1_error", (float)v, m.Epoch);
        if (distilled) board.add_scalar("train/at_loss", (float)m.AtLoss, m.Epoch);
    }

    private static TrainingResult WriteFinalOutputs(TrainingJob job, BlockSwapNetwork net, WeightAverage? ema, List<EpochMetrics> metrics)
    {
        var (plan, data, options, device, outDir) = job;
        bool distilled = job.Teacher is not null;
        BlockSwap.Engine.Interop.PyTorchStateDict.Save(net, Path.Combine(outDir, "model.pt"));
        if (ema is not null) BlockSwap.Engine.Interop.PyTorchStateDict.Save(ema.Network, Path.Combine(outDir, "model-ema.pt"));
        var kept = metrics[KeptIndex(metrics, options)];
        var result = new TrainingResult
        {
            Network = plan.Spec,
            TestTop1Error = kept.TestError,
            TestTop5Error = kept.TestTop5Error,
            KeptEpoch = kept.Epoch,
            ValidationError = kept.ValidationError,
            Params = plan.Parameters,
            Macs = plan.Macs,
            Epochs = options.Epochs,
            WallSeconds = metrics.Sum(x => x.Seconds),
            Seed = options.Seed,
            Device = device.ToString(),
            Dataset = data.Name,
            DataSource = data.Source.Length > 0 ? data.Source : null,
            SyntheticData = data.IsSynthetic,
            Teacher = job.TeacherSource,
            AtBeta = distilled ? options.AtBeta : 0,
            KdAlpha = distilled ? options.KdAlpha : 0,
            Classes = data.ClassNames.Count > 0 ? data.ClassNames : null,
            Normalisation = data.Train.Normalisation,
            SkippedImages = data.SkippedImages,
            Threads = torch.get_num_threads(),
            Data = data.Fingerprint,
            Recipe = options,
            Provenance = Provenance.Current(),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, TrainingResult.FileName), JsonSerializer.Serialize(result, JsonFormats.Indented) + "\n");
        return result;
    }
}
