using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Training;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>A named run with its data set: <c>demo</c> (about 10 minutes on 2 CPU cores) and <c>paper</c> (the paper's CIFAR-10 experiment).</summary>
/// <param name="TrainImages">Train on a seeded subset of this many training images (null: all).</param>
public sealed record RunPreset(string Name, RunSettings Settings, string Dataset, bool NeedsDataFolder, string Summary, int? TrainImages = null);

public static class RunPresets
{
    // The demo's size, chosen so the whole pipeline fits 10 minutes on a 2-core CPU with the full Fashion-MNIST (3 epochs took 14 min 7 s).
    public const string DemoArchitecture = "wrn-16-1";
    public const int DemoSamples = 100;
    public const int DemoTeacherEpochs = 2;
    public const int DemoEpochs = 2;

    public const int QuickTrainImages = 10_000;
    public const int QuickTeacherEpochs = 3;
    public const int QuickEpochs = 2;

    public static readonly string[] Names = ["demo", "quick", "paper"];

    /// <summary>A preset's name as this tool spells it, or a clear error (checked when the command line is parsed).</summary>
    public static string Canonical(string name) => Names.FirstOrDefault(n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new BlockSwapException($"preset '{name}' is unknown{Spelling.Hint(name, Names)}; use {string.Join(" or ", Names)}");

    /// <summary>The preset <paramref name="name"/>; one that trains on files this machine cannot fetch needs <paramref name="dataFolder"/>.</summary>
    public static RunPreset Get(string name, long seed, string? dataFolder = null)
    {
        var preset = Canonical(name) switch { "demo" => Demo(seed), "quick" => Quick(seed), _ => Paper(seed) };
        return !preset.NeedsDataFolder || dataFolder is not null ? preset
            : throw new BlockSwapException($"--preset {preset.Name} trains on {preset.Dataset}: pass --data DIR with its files (and --device cuda on a GPU)");
    }

    /// <summary>WRN-16-1 on Fashion-MNIST at a quarter of the teacher's size: BlockSwap vs Moonshine vs random.</summary>
    public static RunPreset Demo(long seed)
    {
        var teacher = NetworkSpec.Teacher(Architecture.Parse(DemoArchitecture, classes: 10, inChannels: 1, inputSize: 28)).ToPlan();
        long budget = (long)Math.Round(teacher.Parameters / 4.0 / 1000) * 1000;
        var settings = new RunSettings
        {
            Architecture = Architecture.Parse(DemoArchitecture),
            Budgets = [budget],
            Samples = DemoSamples,
            Training = new TrainingOptions { Epochs = DemoEpochs, Seed = seed },
            TeacherEpochs = DemoTeacherEpochs,
        };
        return new RunPreset("demo", settings, "fashion-mnist", false,
            $"{DemoArchitecture} teacher ({teacher.Parameters:N0} params) on Fashion-MNIST; budget {budget:N0} (a quarter); BlockSwap vs Moonshine vs random; " +
            $"{DemoTeacherEpochs} teacher epochs, {DemoEpochs} student epochs");
    }

    /// <summary>
    /// The demo in under 5 minutes: every stage on 10,000 training images, 3 teacher and 2 student epochs. It shows the
    /// pipeline and its outputs; its errors are far from converged and rank nothing.
    /// </summary>
    public static RunPreset Quick(long seed)
    {
        var demo = Demo(seed);
        return demo with
        {
            Name = "quick",
            Settings = demo.Settings with { Training = demo.Settings.Training with { Epochs = QuickEpochs }, TeacherEpochs = QuickTeacherEpochs },
            TrainImages = QuickTrainImages,
            Summary = demo.Summary.Replace($"{DemoTeacherEpochs} teacher epochs, {DemoEpochs} student epochs", $"{QuickTeacherEpochs} teacher epochs, {QuickEpochs} student epochs, on {QuickTrainImages:N0} of the training images"),
        };
    }

    /// <summary>The paper's CIFAR-10 experiment: WRN-40-2, seven budgets, 1000 samples, 200 epochs (a GPU job).</summary>
    public static RunPreset Paper(long seed) => new("paper",
        new RunSettings
        {
            Architecture = Architecture.Parse("wrn-40-2"),
            Budgets = [150_000, 200_000, 250_000, 300_000, 400_000, 500_000, 800_000],
            Samples = 1000,
            Training = new TrainingOptions { Epochs = 200, Seed = seed, Cutout = TrainingRecipe.PaperCutout, Schedule = LrSchedule.Cosine },
        },
        "cifar10", true, "WRN-40-2 on CIFAR-10, budgets 150K–800K, 1000 samples, 200 epochs");
}
