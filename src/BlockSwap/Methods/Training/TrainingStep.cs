using BlockSwap.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>What one step measured.</summary>
public readonly record struct StepResult(double Loss, double AtLoss, long Correct, long Count);

/// <summary>
/// One optimisation step: forward the student (and the frozen teacher on the same batch), cross-entropy or KD,
/// plus β'·AT on every group-output pair, backward, SGD. Shared by the trainer and the benchmark.
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly BlockSwapNetwork student;
    private readonly ClassifierNetwork? teacher;
    private readonly OptimizerHelper optimiser;
    private readonly TrainingOptions options;
    private readonly double pairWeight;
    private readonly BatchSplit split;
    private readonly Parameter[] trainable;
    private readonly Bf16Student? bf16;

    private readonly TeacherInput? teacherInput;

    /// <param name="teacherInput">Re-expresses the batch in the teacher's normalisation when it was trained on other statistics.</param>
    public TrainingStep(BlockSwapNetwork student, ClassifierNetwork? teacher, OptimizerHelper optimiser, TrainingOptions options, BatchSplit? split = null,
        TeacherInput? teacherInput = null)
    {
        this.teacherInput = teacherInput;
        this.split = split ?? (options.MicroBatches == 1 ? BatchSplit.Whole : new BatchSplit(BlockSwap.Foundation.Distributed.SingleProcess.Instance, options.MicroBatches));
        trainable = student.parameters().Where(p => p.requires_grad).ToArray();
        this.student = student;
        this.teacher = teacher;
        this.optimiser = optimiser;
        this.options = options;
        options.Configure(student.Compute);
        if (options.Precision == BlockSwap.Foundation.Runtime.Precision.Bf16) bf16 = new Bf16Student(student);
        if (teacher is not null)
        {
            CheckTeacherFits(student.Architecture, teacher);
            // The frozen teacher runs in evaluation mode (running statistics), so only its layout matters.
            if (teacher is BlockSwapNetwork t) t.Compute.Layout = options.Layout;
            teacher.eval();
            foreach (var p in teacher.parameters()) p.requires_grad = false;
            // bf16 rounds the teacher's weights in place, once: a teacher shared by later float32 trainings must be loaded again.
            bool rounded = teacher.parameters().First().dtype == ScalarType.BFloat16;
            if (options.TeacherPrecision == BlockSwap.Foundation.Runtime.Precision.Bf16 && !rounded) TorchSharp.ModuleExtensionMethods.to(teacher, ScalarType.BFloat16);
            if (options.TeacherPrecision == BlockSwap.Foundation.Runtime.Precision.Fp32 && rounded)
                throw new InvalidOperationException("the teacher's weights were rounded to bf16 by an earlier training; load it again for a float32 teacher");
        }
        pairWeight = Distillation.PairWeight(options.AtBeta, student.Architecture.GroupCount);
    }

    /// <summary>AT needs the teacher's group outputs to have the student's shapes.</summary>
    public static void CheckTeacherFits(Architecture student, ClassifierNetwork teacher)
    {
        static string Shapes(IEnumerable<(int Channels, int Size)> shapes) => string.Join(", ", shapes.Select(s => $"{s.Channels}×{s.Size}×{s.Size}"));
        var mine = student.GroupOutputIndices.Select(i => student.Positions[i]).Select(p => (p.Out, p.OutputSize));
        if (Shapes(mine) != Shapes(teacher.GroupOutputShapes) || student.Classes != teacher.Classes)
            throw new BlockSwapException(
                $"the teacher ({teacher.Description}, {teacher.Classes} classes, group outputs {Shapes(teacher.GroupOutputShapes)}) does not match the student ({student.Name}, {student.Classes} classes, group outputs {Shapes(mine)}); use a teacher of the same architecture and data (a torchvision ResNet teaches resnet18/resnet34 students)");
    }

    public void Dispose() => bf16?.Dispose();

    /// <summary>Seconds spent summing gradients over ranks in the last step (0 in one process).</summary>
    public double ReduceSeconds { get; private set; }

    /// <summary>
    /// Runs one step on a global batch (every rank passes the same batch; see <see cref="BatchSplit"/>); throws when
    /// the loss is not finite, on every rank alike, before any weight changes.
    /// </summary>
    /// <param name="mix">A mixup or CutMix batch (<see cref="BatchMix"/>): its images replace <paramref name="images"/>, and the loss weighs both labels.</param>
    public StepResult Run(Tensor images, Tensor labels, double lr, MixedBatch? mix = null)
    {
        using var scope = NewDisposeScope();
        if (mix is not null) images = mix.Images;
        // The train error counts the label that dominates a mixed image.
        var counted = mix is { Lambda: < 0.5 } ? mix.PartnerLabels : labels;
        student.train();
        optimiser.zero_grad();
        if (bf16 is not null)
        {
            bf16.Copy.train();
            bf16.Pull();
        }
        int batch = (int)labels.shape[0];
        double lossSum = 0, atSum = 0;
        long correct = 0;
        foreach (var (start, count) in split.Mine(batch))
        {
            using var partScope = NewDisposeScope();
            if (count == 0)
            {
                // An empty part (a last batch smaller than the part count) still takes part in the sum, with zero gradients.
                (Part(images.narrow(0, 0, 1), labels.narrow(0, 0, 1), mix?.PartnerLabels.narrow(0, 0, 1), mix?.Lambda ?? 1).Loss * 0).backward();
                continue;
            }
            var (loss, at, logits) = Part(images.narrow(0, start, count), labels.narrow(0, start, count), mix?.PartnerLabels.narrow(0, start, count), mix?.Lambda ?? 1);
            (loss * ((double)count / batch)).backward();
            lossSum += loss.item<float>() * count;
            atSum += (at?.item<float>() ?? 0) * count;
            correct += logits.argmax(1).eq(counted.narrow(0, start, count)).sum().item<long>();
        }
        bf16?.Push();
        if (split.Parts > 1 && split.Comm.Size > 1) (lossSum, atSum, correct) = SumOverRanks(lossSum, atSum, correct);
        double lossValue = lossSum / batch;
        if (!double.IsFinite(lossValue))
            throw new NonFiniteLossException(lossValue);
        optimiser.SetLearningRate(lr);
        optimiser.step();
        return new StepResult(lossValue, atSum / batch, correct, batch);
    }

    /// <summary>One Allreduce per step over one flat buffer: every gradient, then the step's loss, AT loss and correct count.</summary>
    private (double, double, long) SumOverRanks(double lossSum, double atSum, long correct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var stats = tensor(new[] { (float)lossSum, (float)atSum, correct }, device: trainable[0].device);
        using var flat = cat(trainable.Select(p => p.grad!.flatten()).Append(stats).ToArray()).to(ScalarType.Float32).cpu().contiguous();
        // The sum runs in place on the tensor's own memory: no copy into or out of a managed array.
        var buffer = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(flat.bytes);
        split.Comm.AllreduceSum(buffer);
        long n = buffer.Length - 3;
        (lossSum, atSum, correct) = (buffer[(int)n], buffer[(int)n + 1], (long)Math.Round(buffer[(int)n + 2]));
        using var summed = flat.to(trainable[0].device);
        long offset = 0;
        using (no_grad())
            foreach (var p in trainable)
            {
                p.grad!.copy_(summed.narrow(0, offset, p.numel()).view_as(p.grad!));
                offset += p.numel();
            }
        ReduceSeconds = watch.Elapsed.TotalSeconds;
        return (lossSum, atSum, correct);
    }

    /// <summary>The frozen teacher's output on a batch, in float32 whatever its own arithmetic.</summary>
    private NetworkOutput Teach(Tensor images)
    {
        if (teacherInput is not null) images = teacherInput.Apply(images);
        if (options.TeacherPrecision == BlockSwap.Foundation.Runtime.Precision.Fp32) return teacher!.call(images);
        return teacher!.call(images.to(ScalarType.BFloat16)).Float32();
    }

    /// <summary>The student's output on a batch, in float32 whatever its own arithmetic (the bf16 copy's gradients flow back through the casts).</summary>
    private NetworkOutput Learn(Tensor images)
    {
        if (bf16 is null) return student.call(images);
        return bf16.Copy.call(images.to(ScalarType.BFloat16)).Float32();
    }

    /// <summary>Forward one part: its mean loss (CE or KD, plus β'·AT; with a partner, both labels weighed by λ), its AT term and its logits.</summary>
    private (Tensor Loss, Tensor? At, Tensor Logits) Part(Tensor images, Tensor labels, Tensor? partner, double lambda)
    {
        // Only the loss, the AT term and the logits leave the forward's scope: every other activation is then held by
        // autograd alone and freed as backward consumes it (as the Fisher score does), not kept to the step's end.
        using var forward = NewDisposeScope();
        var output = Learn(images);
        // The label loss once: a mixed batch weighs both labels, and KD's teacher term does not depend on them.
        Tensor Ce(Tensor y) => nn.functional.cross_entropy(output.Logits, y, label_smoothing: options.LabelSmoothing);
        var loss = partner is null ? Ce(labels) : BatchMix.Loss(Ce, labels, partner, lambda);
        Tensor? at = null;
        if (teacher is not null)
        {
            NetworkOutput t;
            using (no_grad()) t = Teach(images);
            loss = Distillation.Distil(output.Logits, t.Logits, loss, options.KdAlpha, options.KdTemperature);
            if (options.AtBeta > 0)
            {
                at = zeros(1, device: images.device);
                for (int j = 0; j < output.GroupOutputs.Count; j++)
                    at = at + Distillation.AttentionTransfer(output.GroupOutputs[j], t.GroupOutputs[j]);
                loss = loss + pairWeight * at;
            }
        }
        return (loss.MoveToOuterDisposeScope(), at?.MoveToOuterDisposeScope(), output.Logits.MoveToOuterDisposeScope());
    }
}

/// <summary>The loss became NaN or infinite; the trainer turns it into a user-facing message.</summary>
public sealed class NonFiniteLossException(double value) : Exception($"loss is {value}")
{
    public double Value { get; } = value;
}
