using BlockSwap.Engine.Interop;
using BlockSwap.Engine.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>
/// A teacher from our checkpoint, or from a PyTorch state_dict (.pt/.pth) of the all-Conv network of the given
/// architecture in the reference implementation's layout (what <c>torch.save(WideResNet(...).state_dict())</c> writes).
/// </summary>
public static class TeacherLoader
{
    public static bool IsPyTorchFile(string path) =>
        path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A teacher of another family: <c>torchvision-resnet18</c>/<c>torchvision-resnet34</c> from a state_dict saved with
    /// <c>torch.save(model.state_dict())</c>, for the student's classes, channels and input size; otherwise as above.
    /// </summary>
    public static ClassifierNetwork Load(string path, Architecture student, Device device, TeacherFamily family)
    {
        if (family == TeacherFamily.BlockSwap) return Load(path, student, device);
        if (!IsPyTorchFile(path) || !File.Exists(path))
            throw new BlockSwapException($"teacher {path}: a {family.Name()} teacher is a PyTorch state_dict file (.pt/.pth) saved with torch.save(model.state_dict(), path)");
        return WithStateDict(new TorchvisionResNet(family == TeacherFamily.TorchvisionResNet18 ? 18 : 34, student.Classes, student.InChannels, student.InputSize), path, device);
    }

    public static BlockSwapNetwork Load(string path, Architecture architecture, Device device)
    {
        path = Checkpoint.Locate(path);
        if (!File.Exists(path))
            throw new BlockSwapException($"teacher {path} does not exist; give DIR/checkpoint of a trained teacher or a PyTorch .pt state_dict");
        if (!IsPyTorchFile(path))
            return Checkpoint.LoadNetwork(path, device).Network;
        return WithStateDict(new BlockSwapNetwork(NetworkSpec.Teacher(architecture).ToPlan(), seed: 0), path, device);
    }

    /// <summary>A teacher for students of <paramref name="student"/>: loaded, checked to fit them, and what a user should know first (<see cref="Notes"/>) passed to <paramref name="note"/>.</summary>
    public static ClassifierNetwork LoadChecked(string path, Architecture student, Data.DataSplits data, Device device, TeacherFamily family, Action<string> note)
    {
        var teacher = Load(path, student, device, family);
        try
        {
            TrainingStep.CheckTeacherFits(student, teacher);
        }
        catch
        {
            teacher.Dispose();
            throw;
        }
        foreach (var line in Notes(path, data)) note(line);
        return teacher;
    }

    /// <summary>
    /// The test error a teacher checkpoint recorded for its last epoch, when it was trained on exactly these data (their
    /// content digest, not their name: a recorded error was once printed after its test set had changed) and recorded
    /// its own weights (no weight average); null otherwise. Saves a full evaluation of the teacher before every student.
    /// </summary>
    public static (double Error, int Epoch)? RecordedTestError(string path, Data.DataSplits data)
    {
        if (Header(path) is not { } header) return null;
        if (header.Metrics.Count == 0 || header.Options.EmaDecay > 0 || header.Data is null || header.Data.Digest != data.Fingerprint.Digest) return null;
        return (header.Metrics[^1].TestError, header.Epoch);
    }

    /// <summary>The teacher's test error on <paramref name="data"/> in one line: as its checkpoint recorded it where that is valid (<see cref="RecordedTestError"/>), measured otherwise.</summary>
    public static string TestErrorLine(string path, ClassifierNetwork teacher, Data.DataSplits data, Device device)
    {
        if (RecordedTestError(path, data) is { } recorded) return $"teacher {path}: test error {recorded.Error:F2}% (recorded after its epoch {recorded.Epoch})";
        var e = Evaluator.Evaluate(teacher, data.Test, device);
        return $"teacher {path}: test error {e.Top1Error:F2}% (top-5 {e.Top5Error:F2}%)";
    }

    /// <summary>The input normalisation a teacher checkpoint was trained with (null for a PyTorch file).</summary>
    public static Data.Normalisation? RecordedNormalisation(string path) => Header(path)?.Normalisation;

    /// <summary>What a user should know before distilling from this teacher: an unfinished run, other data.</summary>
    public static IReadOnlyList<string> Notes(string path, Data.DataSplits data)
    {
        if (Header(path) is not { } header) return [];
        var notes = new List<string>();
        if (header.Epoch < header.Options.Epochs)
            notes.Add($"teacher {path} is unfinished: it trained {header.Epoch} of its {Plural.Of(header.Options.Epochs, "epoch")} (finish it with train --resume, or use it knowingly)");
        if (header.Data is { } d && d.Digest != data.Fingerprint.Digest)
            notes.Add($"teacher {path} was trained on other data ({header.Dataset}, {d.TrainImages:N0} training images); its inputs are normalised with its own statistics");
        return notes;
    }

    private static CheckpointHeader? Header(string path)
    {
        path = Checkpoint.Locate(path);
        return IsPyTorchFile(path) || !File.Exists(path) ? null : Checkpoint.ReadHeader(path);
    }

    /// <summary>Fills a freshly built network from a PyTorch state_dict (disposing it on failure) and moves it to the device.</summary>
    private static T WithStateDict<T>(T net, string path, Device device) where T : ClassifierNetwork
    {
        try
        {
            PyTorchStateDict.Load(net, path);
        }
        catch
        {
            net.Dispose();
            throw;
        }
        if (device.type != TorchSharp.DeviceType.CPU) net.to(device);
        return net;
    }
}
