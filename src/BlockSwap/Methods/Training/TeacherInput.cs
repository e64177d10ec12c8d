using BlockSwap.Data;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// The student's normalised batch re-expressed in the teacher's normalisation, x_t = (x_s·σ_s + μ_s − μ_t) / σ_t per
/// channel, for a teacher trained on other statistics: a distilled-from network sees inputs as it was trained to.
/// </summary>
public sealed class TeacherInput : IDisposable
{
    private Tensor scale, shift;

    private TeacherInput(Normalisation student, Normalisation teacher)
    {
        int c = student.Mean.Length;
        scale = tensor(Enumerable.Range(0, c).Select(i => (float)(student.Std[i] / teacher.Std[i])).ToArray()).view(1, c, 1, 1);
        shift = tensor(Enumerable.Range(0, c).Select(i => (float)((student.Mean[i] - teacher.Mean[i]) / teacher.Std[i])).ToArray()).view(1, c, 1, 1);
    }

    /// <summary>Null when the teacher recorded no normalisation (a PyTorch file) or the same as the student's data.</summary>
    public static TeacherInput? Between(Normalisation student, Normalisation? teacher) =>
        teacher is null || StoredPreprocessing.Same(student, teacher) || teacher.Mean.Length != student.Mean.Length ? null : new TeacherInput(student, teacher);

    /// <summary>For the teacher at <paramref name="source"/> (a checkpoint; null for a PyTorch file) and the student's data.</summary>
    public static TeacherInput? For(string? source, DataSplits data) =>
        source is null ? null : Between(data.Train.Normalisation, TeacherLoader.RecordedNormalisation(source));

    public Tensor Apply(Tensor x)
    {
        if (scale.device_type != x.device_type || scale.dtype != x.dtype)
        {
            // Moved once, kept outside the step's dispose scope (the batch's device is known only here).
            var (s, t) = (scale.to(x.dtype, x.device).DetachFromDisposeScope(), shift.to(x.dtype, x.device).DetachFromDisposeScope());
            scale.Dispose();
            shift.Dispose();
            (scale, shift) = (s, t);
        }
        return x.mul(scale).add_(shift);
    }

    public void Dispose()
    {
        scale.Dispose();
        shift.Dispose();
    }
}
