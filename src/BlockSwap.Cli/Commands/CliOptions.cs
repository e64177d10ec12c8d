using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Genotypes;
using BlockSwap.Networks;
using BlockSwap.Pipeline;
using BlockSwap.Scoring;
using BlockSwap.Search;
using BlockSwap.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// Option factories and groups shared by several commands, so each option is spelled and documented once and its
/// default comes from the library's records.
/// </summary>
internal static class CliOptions
{
    private static readonly TrainingOptions Recipe = new();

    public static Option<string> Arch(string defaultValue = RunSettings.DefaultArchitecture) => new("--arch")
    {
        Description = "Architecture: wrn-D-K (depth 6n+4, widen factor K), resnet18 or resnet34",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> InChannels() => new("--in-channels") { Description = "Input channels: 3 (RGB) or 1 (gray)", DefaultValueFactory = _ => Architecture.DefaultInChannels };

    public static Option<string> Wrapper() => new("--wrapper")
    {
        Description = "Wrapper policy: per-block (each block its own type's wrapper; exact budget) or group-first (the reference's construction)",
        DefaultValueFactory = _ => WrapperPolicy.PerBlock.ToCliName(),
    };

    /// <summary>--device and --threads (-j): where tensors live and how many CPU threads libtorch uses.</summary>
    public sealed class ComputeOptions
    {
        public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        public Option<int> Threads { get; } = new("--threads", "-j")
        {
            Description = "CPU threads for libtorch (0 = its default, one per core; 1 keeps a shared machine responsive)", DefaultValueFactory = _ => 0,
        };

        public void AddTo(Command c)
        {
            c.Options.Add(Device);
            c.Options.Add(Threads);
        }

        /// <summary>Sets the thread count and resolves the device.</summary>
        public TorchSharp.torch.Device Apply(ParseResult p)
        {
            int threads = p.GetValue(Threads);
            if (threads < 0) throw new BlockSwapException($"--threads {threads} is invalid: use 0 (libtorch's default) or a positive count");
            var device = BlockSwap.Runtime.TorchRuntime.ResolveDevice(p.GetValue(Device)!);
            if (threads > 0) TorchSharp.torch.set_num_threads(threads);
            return device;
        }
    }

    public static Option<long> Seed() => new("--seed") { Description = "Seed for every random choice", DefaultValueFactory = _ => Recipe.Seed };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object for machines instead of tables" };

    public static Option<int> BatchSize(string description, int defaultValue = SearchSettings.DefaultBatchSize) =>
        new("--batch-size", "-b") { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<string> Out(string description = "Output folder") => new("--out", "-o") { Description = description, Required = true };

    /// <summary>Where --json results go: standard output, while everything else a --json run prints goes to standard error.</summary>
    public static TextWriter JsonOut { get; private set; } = Console.Out;

    /// <summary>With --json, keeps standard output for the one JSON result: messages and progress move to standard error.</summary>
    public static void ReserveStdoutForJson(string[] args)
    {
        if (!args.Contains("--json")) return;
        JsonOut = Console.Out;
        Console.SetOut(Console.Error);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    /// <summary>Prints a result as indented JSON (the --json form of a command).</summary>
    public static void PrintJson(object value) => JsonOut.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, BlockSwap.IO.JsonFormats.Indented));

    public static Option<bool> Resume(string description) => new("--resume") { Description = description };

    public static Option<string> Proxy() => new("--proxy")
    {
        Description = $"Ranking proxy: {ProxyRegistry.Names}, or all (ranks by {ProxyRegistry.Default}, records every proxy)",
        DefaultValueFactory = _ => ProxyRegistry.Default,
    };

    public static Option<string?> MaxMacs() => new("--max-macs")
    {
        Description = "At most this many multiply-accumulates per image, e.g. 60m (checked analytically before a candidate is built)",
    };

    public static Option<double> Window() => new("--window")
    {
        Description = "Half-width of the accepted parameter window as a fraction of the budget",
        DefaultValueFactory = _ => SearchSettings.DefaultWindow,
    };

    public static Option<int> Samples(string description) => new("--samples") { Description = description, DefaultValueFactory = _ => SearchSettings.DefaultSamples };

    /// <summary>Loads a data set; the one place that warns when the data is generated.</summary>
    public static DataSplits LoadData(string dataset, string? folder, long seed, (int Channels, int Size) syntheticShape)
    {
        var splits = DataSets.Load(dataset, folder, seed, syntheticShape);
        if (splits.IsSynthetic) Console.Error.WriteLine("warning: data: SYNTHETIC (generated patterns, not a real data set)");
        if (DataSets.FallbackNotice(splits.Name) is { } notice) Console.Error.WriteLine($"warning: {notice}");
        return splits;
    }

    /// <summary>--dataset and --data; a command that reads a checkpoint defaults them to the checkpoint's.</summary>
    public sealed class DataOptions(bool fromCheckpoint = false)
    {
        public Option<string> Dataset { get; } = fromCheckpoint
            ? new("--dataset") { Description = $"{string.Join(", ", DataSets.Names)} (default: the one the checkpoint was trained on)" }
            : new("--dataset") { Description = $"{string.Join(", ", DataSets.Names)} (cifar10 needs --data)", DefaultValueFactory = _ => DataSets.Names[0] };
        public Option<string?> Folder { get; } = new("--data")
        {
            Description = fromCheckpoint ? "Folder with the data set's files (default: the folder the checkpoint was trained from)" : "Folder with the data set's files",
        };

        /// <summary>The data a checkpoint was trained on, unless the options name other data.</summary>
        public DataSplits LoadFor(ParseResult p, BlockSwap.Training.CheckpointHeader header, (int Channels, int Size) syntheticShape) =>
            LoadData(p.GetValue(Dataset) ?? DataSets.KindOf(header.Dataset), p.GetValue(Folder) ?? header.DataFolder, header.Options.Seed, syntheticShape);

        public void AddTo(Command c)
        {
            c.Options.Add(Dataset);
            c.Options.Add(Folder);
        }

        /// <summary>Loads the splits; generated data takes <paramref name="syntheticShape"/> (channels, size).</summary>
        public DataSplits Load(ParseResult p, long seed, (int Channels, int Size) syntheticShape) =>
            LoadData(p.GetValue(Dataset)!, p.GetValue(Folder), seed, syntheticShape);
    }

    /// <summary>The architecture/genotype option set of commands that take a network description.</summary>
    public sealed class NetworkOptions
    {
        public Option<string> Arch { get; } = CliOptions.Arch();
        public Option<int> Classes { get; } = new("--classes") { Description = "Number of classes (taken from the data where a command reads data)", DefaultValueFactory = _ => Architecture.DefaultClasses };
        public Option<int> InChannels { get; } = CliOptions.InChannels();
        public Option<int?> InputSize { get; } = new("--input-size") { Description = "Input height/width in pixels (default 32 for WRN, 224 for ResNet; taken from the data where a command reads data)" };
        public Option<string> Wrapper { get; } = CliOptions.Wrapper();
        public Option<string?> Genotype { get; } = new("--genotype") { Description = "Genotype file (.json of this project, or the reference's .csv)" };
        public Option<string?> Blocks { get; } = new("--blocks") { Description = "Comma-separated block types, one per position (e.g. Conv,DConv,G8B2,...)" };
        public Option<string?> Uniform { get; } = new("--uniform") { Description = "One block type at every position (a Moonshine network)" };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Arch, Classes, InChannels, InputSize, Wrapper, Genotype, Blocks, Uniform })
                c.Options.Add(o);
        }

        /// <summary>Refuses shape options given on the command line that disagree with the data the command reads.</summary>
        public void CheckAgainst(ParseResult p, DataSplits data)
        {
            void Check<T>(Option<T> option, T dataValue, string what)
            {
                if (p.GetResult(option) is { Implicit: false } && !EqualityComparer<T>.Default.Equals(p.GetValue(option), dataValue))
                    throw new BlockSwapException($"{option.Name} {p.GetValue(option)} disagrees with the data: {data.Name} has {dataValue} {what}; leave {option.Name} out (it is taken from the data) or use other data");
            }
            Check(Classes, data.Classes, "classes");
            Check(InChannels, data.Channels, "input channels");
            if (p.GetResult(InputSize) is { Implicit: false } && p.GetValue(InputSize) != data.Size)
                throw new BlockSwapException($"--input-size {p.GetValue(InputSize)} disagrees with the data: {data.Name} has {data.Size}-pixel images; leave --input-size out or use other data");
        }

        public NetworkChoice Choice(ParseResult p) =>
            new(p.GetValue(Arch)!, WrapperPolicyNames.Parse(p.GetValue(Wrapper)!), p.GetValue(Genotype), p.GetValue(Blocks), p.GetValue(Uniform));

        /// <summary>The input shape the options name (for commands without data).</summary>
        public InputShape Shape(ParseResult p) => new(p.GetValue(InChannels), p.GetValue(InputSize), p.GetValue(Classes));

        /// <summary>Channels and side of generated data for this network (a JSON genotype's own, else the options').</summary>
        public (int Channels, int Size) SyntheticShape(ParseResult p)
        {
            var file = p.GetValue(Genotype);
            if (!string.IsNullOrWhiteSpace(file) && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                var a = BlockSwap.Genotypes.GenotypeFile.Load(file).Network.Architecture;
                return (a.InChannels, a.InputSize);
            }
            return (p.GetValue(InChannels), p.GetValue(InputSize) ?? Architecture.Parse(p.GetValue(Arch)!).InputSize);
        }
    }

    /// <summary>The training recipe; every default is <see cref="TrainingOptions"/>'.</summary>
    public sealed class RecipeOptions(bool epochsRequired)
    {
        public Option<int> Epochs { get; } = epochsRequired
            ? new("--epochs") { Description = "Epochs", Required = true }
            : new("--epochs") { Description = "Training epochs of every network", DefaultValueFactory = _ => Recipe.Epochs };
        public Option<double> Lr { get; } = new("--lr") { Description = $"Initial learning rate (cosine to {Recipe.MinLr})", DefaultValueFactory = _ => Recipe.Lr };
        public Option<double> Momentum { get; } = new("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => Recipe.Momentum };
        public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay on every parameter", DefaultValueFactory = _ => Recipe.WeightDecay };
        public Option<int> BatchSize { get; } = CliOptions.BatchSize("Batch size", Recipe.BatchSize);
        public Option<int> Cutout { get; } = new("--cutout") { Description = "Cutout side in pixels (0 = off)", DefaultValueFactory = _ => Recipe.Cutout };
        public Option<double> AtBeta { get; } = new("--at-beta") { Description = "Attention-transfer β (weight per group-output pair = β·3/pairs)", DefaultValueFactory = _ => Recipe.AtBeta };
        public Option<double> KdAlpha { get; } = new("--kd-alpha") { Description = "Logit-distillation weight α (0 = off, as the paper)", DefaultValueFactory = _ => Recipe.KdAlpha };
        public Option<double> KdTemperature { get; } = new("--kd-temperature") { Description = "Logit-distillation temperature τ", DefaultValueFactory = _ => Recipe.KdTemperature };
        public Option<string> Schedule { get; } = new("--schedule") { Description = "Learning-rate schedule: cosine (the paper's) or step (× --step-gamma at each of --milestones)", DefaultValueFactory = _ => "cosine" };
        public Option<string> Milestones { get; } = new("--milestones") { Description = "Epochs where the step schedule decays the rate", DefaultValueFactory = _ => Recipe.StepMilestones };
        public Option<double> StepGamma { get; } = new("--step-gamma") { Description = "Decay factor of the step schedule", DefaultValueFactory = _ => Recipe.StepGamma };
        public Option<double> Warmup { get; } = new("--warmup-epochs") { Description = "Linear learning-rate warm-up over this many epochs (per step; 0 = none)", DefaultValueFactory = _ => Recipe.WarmupEpochs };
        public Option<double> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing ε of the cross-entropy (0 = none)", DefaultValueFactory = _ => Recipe.LabelSmoothing };
        public Option<double> EmaDecay { get; } = new("--ema-decay") { Description = "Evaluate an exponential moving average of the weights with this decay, e.g. 0.999 (0 = off); also writes model-ema.pt", DefaultValueFactory = _ => Recipe.EmaDecay };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Epochs, Lr, Momentum, WeightDecay, BatchSize, Cutout, AtBeta, KdAlpha, KdTemperature, Schedule, Milestones, StepGamma, Warmup, LabelSmoothing, EmaDecay })
                c.Options.Add(o);
        }

        public TrainingOptions Read(ParseResult p, long seed) => new()
        {
            Epochs = p.GetValue(Epochs), Lr = p.GetValue(Lr), Momentum = p.GetValue(Momentum), WeightDecay = p.GetValue(WeightDecay),
            BatchSize = p.GetValue(BatchSize), Seed = seed, AtBeta = p.GetValue(AtBeta), KdAlpha = p.GetValue(KdAlpha),
            KdTemperature = p.GetValue(KdTemperature), Cutout = p.GetValue(Cutout),
            Schedule = p.GetValue(Schedule)!.Trim().ToLowerInvariant() switch
            {
                "cosine" => LrSchedule.Cosine,
                "step" => LrSchedule.Step,
                var other => throw new BlockSwapException($"--schedule {other} is unknown; use cosine or step"),
            },
            StepMilestones = p.GetValue(Milestones)!, StepGamma = p.GetValue(StepGamma), WarmupEpochs = p.GetValue(Warmup),
            LabelSmoothing = p.GetValue(LabelSmoothing), EmaDecay = p.GetValue(EmaDecay),
        };
    }
}
