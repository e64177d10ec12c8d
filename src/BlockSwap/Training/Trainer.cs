using System.Diagnostics;
using System.Text.Json;
using BlockSwap.Data;
using BlockSwap.Genotypes;
using BlockSwap.IO;
using BlockSwap.Networks;
using BlockSwap.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Training;

/// <summary>
/// Trains a network (teacher, BlockSwap student or Moonshine baseline) with the paper's recipe and writes
/// checkpoint, metrics.jsonl, TensorBoard events, model.pt (PyTorch state_dict) and result.json in the output
/// folder. Every random draw derives from (seed, epoch, step), so a resumed run ends with the same weights as
/// an uninterrupted one.
/// </summary>
public static class Trainer
{
    public static TrainingResult Run(NetworkPlan plan, DataSplits data, TrainingOptions options, BlockSwapNetwork? teacher,
        string? teacherSource, Device device, string outDir, bool resume, ITrainingProgress? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var arch = plan.Architecture;
        if (data.Channels != arch.InChannels || data.Size != arch.InputSize || data.Classes != arch.Classes)
            throw new BlockSwapException($"data set {data.Name} ({data.Channels}×{data.Size}×{data.Size}, {data.Classes} classes) does not fit the network ({arch.InChannels}×{arch.InputSize}×{arch.InputSize}, {arch.Classes} classes)");
        Directory.CreateDirectory(outDir);
        var checkpointPath = Path.Combine(outDir, Checkpoint.FileName);
        using var net = new BlockSwapNetwork(plan, Seeds.Derive(options.Seed, "init"), device);
        using var optimiser = new SgdMomentum(net.parameters(), options.Momentum, options.WeightDecay);
        var step = new TrainingStep(net, teacher, optimiser, options);
        var network = GenotypeFile.From(plan);
        var metrics = new List<EpochMetrics>();
        int start = 0;
        if (File.Exists(checkpointPath))
        {
            if (!resume)
                throw new BlockSwapException($"{checkpointPath} already exists; pass --resume to continue that run, or choose an empty --out folder");
            var previous = Checkpoint.ReadHeader(checkpointPath);
            if (previous.Network.Architecture != network.Architecture || previous.Network.Wrapper != network.Wrapper || !previous.Network.Blocks.SequenceEqual(network.Blocks))
                throw new BlockSwapException($"--resume: {checkpointPath} trains another network ({previous.Network.Architecture}); use the same genotype or another --out");
            if (previous.Options != options)
                throw new BlockSwapException($"--resume: {checkpointPath} was trained with other options (epochs, lr, seed, batch size, AT/KD); use the same options or another --out");
            var header = Checkpoint.Read(checkpointPath, net, optimiser);
            start = header.Epoch;
            metrics = header.Metrics;
        }

        var loader = new BatchLoader(data.Train, options.BatchSize, options.Seed, device, new AugmentOptions(Cutout: options.Cutout));
        var schedule = new CosineSchedule(options.Lr, options.Epochs, options.MinLr);
        var board = torch.utils.tensorboard.SummaryWriter(Path.Combine(outDir, "tensorboard"));
        for (int epoch = start; epoch < options.Epochs; epoch++)
        {
            double lr = schedule.At(epoch);
            var watch = Stopwatch.StartNew();
            progress?.EpochStarted(epoch, options.Epochs, loader.BatchesPerEpoch);
            double lossSum = 0, atSum = 0;
            long correct = 0, seen = 0;
            int s = 0;
            foreach (var idx in loader.Epoch(epoch))
            {
                cancel.ThrowIfCancellationRequested();
                StepResult r;
                using (var scope = NewDisposeScope())
                {
                    var (x, y) = loader.Get(idx, Seeds.Rng(options.Seed, "augment", epoch, s));
                    try
                    {
                        r = step.Run(x, y, lr);
                    }
                    catch (NonFiniteLossException e)
                    {
                        throw new BlockSwapException(
                            $"training stopped: the loss became {e.Value} at epoch {epoch + 1}, step {s + 1}; lower --lr" +
                            (File.Exists(checkpointPath) ? $" (the last good checkpoint, after epoch {epoch}, is intact in {checkpointPath})" : " (no epoch had completed, so there is no checkpoint)"));
                    }
                }
                // Temporaries that escape to finalisers hold native memory until a GC: collect per step to stay flat.
                GC.Collect();
                lossSum += r.Loss * r.Count;
                atSum += r.AtLoss * r.Count;
                correct += r.Correct;
                seen += r.Count;
                s++;
                progress?.Stepped(s, r.Loss, seen / watch.Elapsed.TotalSeconds);
            }
            double trainSeconds = watch.Elapsed.TotalSeconds;
            var test = Evaluator.Evaluate(net, data.Test, device);
            var m = new EpochMetrics(epoch + 1, lr, lossSum / seen, 100.0 * (seen - correct) / seen, test.Top1Error, test.Top5Error,
                atSum / seen, watch.Elapsed.TotalSeconds, seen / trainSeconds);
            metrics.Add(m);
            Checkpoint.Save(checkpointPath, new CheckpointHeader
            {
                Network = network, Options = options, Epoch = epoch + 1, Dataset = data.Name, Teacher = teacherSource, Metrics = metrics,
            }, net, optimiser);
            AtomicFile.WriteAllText(Path.Combine(outDir, "metrics.jsonl"),
                string.Concat(metrics.Select(x => JsonSerializer.Serialize(x, Compact) + "\n")));
            board.add_scalar("lr", (float)m.Lr, m.Epoch);
            board.add_scalar("train/loss", (float)m.TrainLoss, m.Epoch);
            board.add_scalar("train/error", (float)m.TrainError, m.Epoch);
            board.add_scalar("test/top1_error", (float)m.TestError, m.Epoch);
            board.add_scalar("test/top5_error", (float)m.TestTop5Error, m.Epoch);
            if (teacher is not null) board.add_scalar("train/at_loss", (float)m.AtLoss, m.Epoch);
            progress?.EpochEnded(m);
        }

        Export.PyTorchStateDict.Save(net, Path.Combine(outDir, "model.pt"));
        var last = metrics[^1];
        var result = new TrainingResult
        {
            Architecture = arch.Name,
            Blocks = network.Blocks,
            Wrapper = network.Wrapper,
            TestTop1Error = last.TestError,
            TestTop5Error = last.TestTop5Error,
            Params = plan.Parameters,
            Macs = plan.Macs,
            Epochs = options.Epochs,
            WallSeconds = metrics.Sum(x => x.Seconds),
            Seed = options.Seed,
            Device = device.ToString(),
            Dataset = data.Name,
            SyntheticData = data.IsSynthetic,
            Teacher = teacherSource,
            AtBeta = teacher is null ? 0 : options.AtBeta,
            KdAlpha = teacher is null ? 0 : options.KdAlpha,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "result.json"), JsonSerializer.Serialize(result, GenotypeFile.Json) + "\n");
        return result;
    }

    private static readonly JsonSerializerOptions Compact = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
