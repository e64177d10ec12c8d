using BlockSwap.Data;

namespace BlockSwap.Methods.Training;

/// <summary>
/// A stored network sees data as it was trained on them: its classes in its label order, and its recorded
/// normalisation, not the statistics of whatever training split the evaluation data bring (a folder whose val/ was the
/// checkpoint's but whose train/ differed once evaluated at 50 % error instead of 0 %).
/// </summary>
public static class StoredPreprocessing
{
    /// <summary>The test split prepared as <paramref name="header"/>'s network was trained; says on <paramref name="note"/> what it changed.</summary>
    public static Dataset TestSplit(CheckpointHeader header, DataSplits data, Action<string>? note = null)
    {
        CheckClasses(header.Classes, data);
        if (header.Normalisation is not { } stored || Same(stored, data.Test.Normalisation)) return data.Test;
        note?.Invoke($"normalising with the checkpoint's statistics (mean {Show(stored.Mean)}, std {Show(stored.Std)}), not these data's ({Show(data.Test.Normalisation.Mean)}, {Show(data.Test.Normalisation.Std)})");
        return data.Test.WithNormalisation(stored);
    }

    /// <summary>Refuses data whose classes differ from the checkpoint's (labels are indices: other names would mislabel every class's error).</summary>
    public static void CheckClasses(IReadOnlyList<string>? trained, DataSplits data)
    {
        if (trained is not { Count: > 0 } || data.ClassNames.Count == 0 || trained.SequenceEqual(data.ClassNames)) return;
        int at = Enumerable.Range(0, Math.Min(trained.Count, data.ClassNames.Count)).FirstOrDefault(i => trained[i] != data.ClassNames[i]);
        if (at >= trained.Count || at >= data.ClassNames.Count)
            throw new BlockSwapException($"the checkpoint has {trained.Count} classes and {data.Folder ?? data.Name} has {data.ClassNames.Count}; evaluate on data with the classes it was trained on");
        throw new BlockSwapException($"the checkpoint's classes differ from the data's (label {at}: '{trained[at]}' in the checkpoint, '{data.ClassNames[at]}' in {data.Folder ?? data.Name}); evaluate on data with the classes it was trained on");
    }

    public static bool Same(Normalisation a, Normalisation b) =>
        a.Mean.Length == b.Mean.Length && a.Mean.Zip(b.Mean).All(x => Math.Abs(x.First - x.Second) < 1e-6) && a.Std.Zip(b.Std).All(x => Math.Abs(x.First - x.Second) < 1e-6);

    private static string Show(double[] v) => string.Join("/", v.Select(x => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
}
