using System.Diagnostics;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// The epochs of one training run: the step, the data, the evaluation and the outputs it writes as it goes, held once
/// for the run (not a bundle of fields unpacked by a static function).
/// </summary>
internal sealed class EpochLoop(TrainingStep step, WeightAverage? ema, BatchLoader loader, Dataset? test, Dataset? validation, BlockSwapNetwork net,
    TrainingOptions options, LearningRateSchedule schedule, string checkpointPath, Device device, TorchSharp.Modules.SummaryWriter? board,
    ITrainingProgress? progress, Action<PartialEpoch>? savePartial, CancellationToken cancel)
{
    /// <summary>
    /// One epoch of steps (from <paramref name="start"/>'s step when continuing one), then the evaluation (of the weight
    /// average when there is one). An interruption, and every <see cref="Trainer.PartialEvery"/>, saves the progress so far.
    /// </summary>
    public EpochMetrics Train(int epoch, PartialEpoch? start)
    {
        double lr = schedule.Base(epoch);
        var watch = Stopwatch.StartNew();
        var sinceSave = Stopwatch.StartNew();
        double lossSum = start?.LossSum ?? 0, atSum = start?.AtSum ?? 0, earlier = start?.Seconds ?? 0;
        long correct = start?.Correct ?? 0, seen = start?.Seen ?? 0;
        int s = 0;
        PartialEpoch Progress() => new(s, lossSum, atSum, correct, seen, earlier + watch.Elapsed.TotalSeconds);
        foreach (var idx in loader.Epoch(epoch))
        {
            if (s < (start?.Step ?? 0))
            {
                s++;
                continue;
            }
            if (cancel.IsCancellationRequested)
            {
                savePartial?.Invoke(Progress());
                cancel.ThrowIfCancellationRequested();
            }
            StepResult r;
            using (var scope = NewDisposeScope())
            {
                var (x, y) = loader.Get(idx, Seeds.Rng(options.Seed, "augment", epoch, s));
                try
                {
                    lr = schedule.At(epoch, s);
                    var mix = options.Mixup > 0 || options.CutMix > 0 ? BatchMix.Mix(x, y, options.Mixup, options.CutMix, Seeds.Rng(options.Seed, "mix", epoch, s)) : null;
                    r = step.Run(x, y, lr, mix);
                    ema?.Update();
                }
                catch (NonFiniteLossException e)
                {
                    throw new BlockSwapException(
                        $"training stopped: the loss became {e.Value} at epoch {epoch + 1}, step {s + 1}; lower the learning rate" +
                        (File.Exists(checkpointPath) ? $" (the last checkpoint, written before this step, is intact in {checkpointPath})" : " (nothing had been checkpointed yet)"));
                }
            }
            // Temporaries that escape to finalisers hold native memory until a GC: collect per step to stay flat.
            GC.Collect();
            lossSum += r.Loss * r.Count;
            atSum += r.AtLoss * r.Count;
            correct += r.Correct;
            seen += r.Count;
            int globalStep = epoch * loader.BatchesPerEpoch + s;
            board?.add_scalar("step/loss", (float)r.Loss, globalStep);
            board?.add_scalar("step/lr", (float)lr, globalStep);
            s++;
            progress?.Stepped(s, r.Loss, seen / (earlier + watch.Elapsed.TotalSeconds));
            if (sinceSave.Elapsed >= Trainer.PartialEvery && s < loader.BatchesPerEpoch)
            {
                savePartial?.Invoke(Progress());
                sinceSave.Restart();
            }
        }
        double trainSeconds = earlier + watch.Elapsed.TotalSeconds;
        // Only the rank that reports evaluates (the others go on to the next epoch's first gradient sum and wait there).
        var eval = test is null ? new Evaluation(double.NaN, double.NaN, double.NaN, 0) : Evaluator.Evaluate(ema?.Network ?? net, test, device);
        double? validationError = validation is null ? null : Evaluator.Evaluate(ema?.Network ?? net, validation, device).Top1Error;
        return new EpochMetrics(epoch + 1, lr, lossSum / seen, 100.0 * (seen - correct) / seen, eval.Top1Error, eval.Top5Error,
            atSum / seen, earlier + watch.Elapsed.TotalSeconds, seen / trainSeconds) { ValidationError = validationError };
    }
}
