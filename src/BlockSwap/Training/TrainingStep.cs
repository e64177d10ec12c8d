using BlockSwap.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Training;

/// <summary>What one step measured.</summary>
public readonly record struct StepResult(double Loss, double AtLoss, long Correct, long Count);

/// <summary>
/// One optimisation step: forward the student (and the frozen teacher on the same batch), cross-entropy or KD,
/// plus β'·AT on every group-output pair, backward, SGD. Shared by the trainer and the benchmark.
/// </summary>
public sealed class TrainingStep
{
    private readonly BlockSwapNetwork student;
    private readonly BlockSwapNetwork? teacher;
    private readonly SGD optimiser;
    private readonly TrainingOptions options;
    private readonly double pairWeight;

    public TrainingStep(BlockSwapNetwork student, BlockSwapNetwork? teacher, SGD optimiser, TrainingOptions options)
    {
        this.student = student;
        this.teacher = teacher;
        this.optimiser = optimiser;
        this.options = options;
        if (teacher is not null)
        {
            CheckTeacherFits(student.Architecture, teacher.Architecture);
            teacher.eval();
            foreach (var p in teacher.parameters()) p.requires_grad = false;
        }
        pairWeight = Distillation.PairWeight(options.AtBeta, student.Architecture.GroupCount);
    }

    /// <summary>AT needs the teacher's group outputs to have the student's shapes.</summary>
    public static void CheckTeacherFits(Architecture student, Architecture teacher)
    {
        static string Shapes(Architecture a) => string.Join(", ", a.GroupOutputIndices.Select(i => a.Positions[i]).Select(p => $"{p.Out}×{p.OutputSize}×{p.OutputSize}"));
        if (Shapes(student) != Shapes(teacher) || student.Classes != teacher.Classes)
            throw new BlockSwapException(
                $"the teacher ({teacher.Name}, {teacher.Classes} classes, group outputs {Shapes(teacher)}) does not match the student ({student.Name}, {student.Classes} classes, group outputs {Shapes(student)}); use a teacher of the same architecture and data");
    }

    /// <summary>Runs one step; throws when the loss is not finite, before any weight changes.</summary>
    public StepResult Run(Tensor images, Tensor labels, double lr)
    {
        using var scope = NewDisposeScope();
        student.train();
        var output = student.call(images);
        Tensor loss;
        Tensor? at = null;
        if (teacher is not null)
        {
            NetworkOutput t;
            using (no_grad()) t = teacher.call(images);
            loss = Distillation.KnowledgeDistillation(output.Logits, t.Logits, labels, options.KdAlpha, options.KdTemperature, options.LabelSmoothing);
            if (options.AtBeta > 0)
            {
                at = zeros(1, device: images.device);
                for (int j = 0; j < output.GroupOutputs.Count; j++)
                    at = at + Distillation.AttentionTransfer(output.GroupOutputs[j], t.GroupOutputs[j]);
                loss = loss + pairWeight * at;
            }
        }
        else
        {
            loss = nn.functional.cross_entropy(output.Logits, labels, label_smoothing: options.LabelSmoothing);
        }
        double lossValue = loss.item<float>();
        if (!double.IsFinite(lossValue))
            throw new NonFiniteLossException(lossValue);
        optimiser.zero_grad();
        loss.backward();
        optimiser.SetLearningRate(lr);
        optimiser.step();
        long correct = output.Logits.argmax(1).eq(labels).sum().item<long>();
        return new StepResult(lossValue, at?.item<float>() ?? 0, correct, labels.shape[0]);
    }
}

/// <summary>The loss became NaN or infinite; the trainer turns it into a user-facing message.</summary>
public sealed class NonFiniteLossException(double value) : Exception($"loss is {value}")
{
    public double Value { get; } = value;
}
