namespace BlockSwap.Data;

/// <summary>
/// CIFAR-100 binary version: train.bin and test.bin, records of a coarse label byte, a fine label byte and 3072 pixel
/// bytes. The 100 fine labels are used; their names come from fine_label_names.txt when the folder has it.
/// </summary>
public static class Cifar100Reader
{
    private const string Files = "train.bin and test.bin";

    public static DataSplits Load(string dir)
    {
        var root = Cifar10Reader.FindRoot(dir, "cifar-100-binary", "test.bin", "CIFAR-100", Files);
        var (trainX, trainY) = Cifar10Reader.Read([Path.Combine(root, "train.bin")], labelBytes: 2, labelAt: 1, classes: 100, "CIFAR-100", Files);
        var (testX, testY) = Cifar10Reader.Read([Path.Combine(root, "test.bin")], labelBytes: 2, labelAt: 1, classes: 100, "CIFAR-100", Files);
        var namesFile = Path.Combine(root, "fine_label_names.txt");
        var names = File.Exists(namesFile) ? File.ReadAllLines(namesFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray() : [];
        IReadOnlyList<string> classNames = names.Length == 100 ? names : [];
        return new DataSplits(new Dataset("cifar100", trainX, trainY, 100, Normalisation.Cifar100) { ClassNames = classNames },
            new Dataset("cifar100", testX, testY, 100, Normalisation.Cifar100) { ClassNames = classNames });
    }
}
