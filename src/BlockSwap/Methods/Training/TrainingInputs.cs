using BlockSwap.Data;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Training;

/// <summary>
/// Everything a training run's result depends on besides the draws its seed makes: the network, the recipe, the data
/// and the teacher's contents. Compared by this one piece of code on every <c>--resume</c> (<see cref="Trainer"/>) and
/// every stage reuse of <c>run</c>.
/// </summary>
public static class TrainingInputs
{
    /// <summary>The differences between what a checkpoint was made from and what is given now, in words; empty when none.</summary>
    public static string Differences(CheckpointHeader previous, NetworkSpec network, TrainingOptions options, DataFingerprint data, string? teacherDigest)
    {
        var parts = new List<string>();
        if (previous.Network != network) parts.Add($"network {previous.Network} → {network}");
        if (previous.Options != options) parts.Add(BlockSwap.Differences.Between(previous.Options, options));
        if (DataFingerprint.Change(previous.Data, data) is { } change) parts.Add(change);
        else if (previous.Data is null && previous.Dataset != data.Name) parts.Add($"data {previous.Dataset} → {data.Name}");
        if (previous.TeacherDigest != teacherDigest)
            parts.Add($"teacher {Describe(previous.Teacher, previous.TeacherDigest)} → {(teacherDigest is null ? "none" : $"contents {teacherDigest}")}");
        return string.Join(", ", parts);
    }

    private static string Describe(string? teacher, string? digest) => teacher is null ? "none" : digest is null ? teacher : $"{teacher} (contents {digest})";
}
