using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Pipeline;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// Option factories and groups shared by several commands, so each option is spelled and documented once and its
/// default comes from the library's records.
/// </summary>
internal static class CliOptions
{
    private static readonly TrainingOptions Recipe = new();

    /// <summary>--arch, parsed at the architecture's default shape; commands reshape it to their data (<see cref="Architecture.Reshaped"/>).</summary>
    public static ParsedOption<Architecture> Arch(string defaultValue = RunSettings.DefaultArchitecture) => new("--arch",
        "Architecture: wrn-D-K (depth 6n+4, widen factor K), resnet18 or resnet34", name => Architecture.Parse(name), a => a.Name, () => Architecture.Parse(defaultValue));

    public static Option<int> InChannels() => new("--in-channels")
    {
        Description = "Input channels, 3 (RGB) or 1 (gray), where no data set says it: an image folder (decoded to this), generated data, and commands that read no data (count, latency-table); Fashion-MNIST and CIFAR set their own",
        DefaultValueFactory = _ => Architecture.DefaultInChannels,
    };

    /// <summary>--layout: the memory layout of image batches; <paramref name="auto"/> says what auto means for the command.</summary>
    public static ParsedOption<BlockSwap.Foundation.Runtime.LayoutChoice> Layout(string auto) => new("--layout",
        $"Memory layout of image batches: nchw, channels-last (faster grouped and depthwise convolutions on CPU; results move at float rounding level; a one-channel network takes it after its stem) or auto ({auto})",
        BlockSwap.Foundation.Runtime.LayoutChoice.Parse, l => l.ToString(), () => BlockSwap.Foundation.Runtime.LayoutChoice.Auto);

    /// <summary>Which kernel runs training-mode batch norm on channels-last batches.</summary>
    public static ChoiceOption<BlockSwap.Foundation.Runtime.BatchNormKernel> BatchNormKernel(BlockSwap.Foundation.Runtime.BatchNormKernel byDefault, string why) => new("--batch-norm",
        $"Training-mode batch norm on channels-last batches: float64 (this project's kernel, float64 sums) or libtorch (its kernel, float32 sums); {why}", byDefault,
        "batch-norm kernel");

    public static ChoiceOption<TeacherFamily> TeacherArch() => new("--teacher-arch",
        "The --teacher file's network: this project's, or torchvision-resnet18/34 (a torchvision state_dict; teaches resnet18/resnet34 students by AT on its four stages)",
        TeacherFamily.BlockSwap, "teacher architecture");

    public static Option<int?> InputSize() => new("--input-size")
    {
        Description = "Input height/width in pixels for generated data and image folders (images are resized and centre-cropped to it; default 32 for WRN, 224 for ResNet)",
    };

    /// <summary>Channels and side of generated or decoded images as the options name them (unnamed: from the images, or the defaults).</summary>
    public static ImageRequest ImageShape(ParseResult p, Option<int> channels, Option<int?> size, int defaultSize) =>
        new(p.GetResult(channels) is { Implicit: false } ? p.GetValue(channels) : null, p.GetValue(size), defaultSize);

    public static ChoiceOption<WrapperPolicy> Wrapper() => new("--wrapper",
        "Wrapper policy: per-block (each block its own type's wrapper; exact budget) or group-first (the reference's construction)", WrapperPolicy.PerBlock,
        "wrapper policy", ("perblock", WrapperPolicy.PerBlock), ("per-block-type", WrapperPolicy.PerBlock), ("groupfirst", WrapperPolicy.GroupFirst));

    public static Option<long> Seed() => new("--seed") { Description = "Seed for every random choice", DefaultValueFactory = _ => Recipe.Seed };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object for machines instead of tables" };

    public static Option<int> BatchSize(string description, int defaultValue = SearchSettings.DefaultBatchSize) =>
        new("--batch-size", "-b") { Description = description, DefaultValueFactory = _ => defaultValue };

    public static Option<string> Out(string description = "Output folder")
    {
        var o = new Option<string>("--out", "-o") { Description = description, Required = true };
        o.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>())) r.AddError("--out is empty: name the output folder, e.g. -o runs/first");
        });
        return o;
    }

    /// <summary>Where --json results go: standard output, while everything else a --json run prints goes to standard error.</summary>
    public static TextWriter JsonOut { get; private set; } = Console.Out;

    /// <summary>With --json, keeps standard output for the one JSON result: messages and progress move to standard error.</summary>
    public static void ReserveStdoutForJson(string[] args)
    {
        if (!args.Contains("--json")) return;
        JsonOut = Console.Out;
        Console.SetOut(Console.Error);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // A log file or pipe has no width: one message per line, never wrapped at Spectre's default of 80 columns.
        if (Console.IsErrorRedirected) AnsiConsole.Profile.Width = 200;
    }

    /// <summary>A rank other than the root prints nothing on standard output: results, progress and JSON come from rank 0 (a `run`
    /// rank logs its stages on standard error: <see cref="BlockSwap.Outputs.Pipeline.LogLineProgress"/>).</summary>
    public static void Silence()
    {
        JsonOut = TextWriter.Null;
        Console.SetOut(TextWriter.Null);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
    }

    /// <summary>With --json, prints <paramref name="result"/> as the command's one JSON object and returns true (the command is done).</summary>
    public static bool PrintedJson(this ParseResult p, Option<bool> json, object result)
    {
        if (p.GetValue(json)) PrintJson(result);
        return p.GetValue(json);
    }

    /// <summary>Prints a result as indented JSON (the --json form of a command).</summary>
    public static void PrintJson(object value) => JsonOut.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, BlockSwap.Foundation.IO.JsonFormats.Indented));

    public static Option<bool> Resume(string description) => new("--resume") { Description = description };

    /// <summary>--resume, with a note when <paramref name="dir"/> holds nothing to continue.</summary>
    public static bool Resuming(ParseResult p, Option<bool> resume, string dir, string marker)
    {
        if (BlockSwap.Foundation.IO.Resumption.NothingToContinue(p.GetValue(resume), dir, marker) is { } note) Console.Error.WriteLine($"note: {note}");
        return p.GetValue(resume);
    }

    /// <summary>--proxy, parsed into a <see cref="BlockSwap.Methods.Scoring.ProxyRanking"/> when the command line is.</summary>
    public static ParsedOption<BlockSwap.Methods.Scoring.ProxyRanking> Proxy() => new("--proxy",
        $"Ranking proxy: one of the list below; all (ranks by {ProxyRegistry.Default}, records every proxy); or {BlockSwap.Methods.Scoring.ProxyRanking.EnsemblePrefix}a,b,... " +
        "(ranks by the mean of their ranks)\n" + string.Join("\n", ProxyRegistry.All.Select(p => $"  {p.Name}: {p.Description}")),
        BlockSwap.Methods.Scoring.ProxyRanking.Parse, r => r.Name, () => BlockSwap.Methods.Scoring.ProxyRanking.Default);

    public static Option<string?> MaxMacs() => new("--max-macs")
    {
        Description = "At most this many multiply-accumulates per image, e.g. 60m (checked analytically before a candidate is built)",
    };

    public static Option<double> Window() => new("--window")
    {
        Description = "Half-width of the accepted parameter window as a fraction of the budget",
        DefaultValueFactory = _ => SearchSettings.DefaultWindow,
    };

    public static Option<int> Samples(string description) => new("--samples")
    {
        Description = $"{description}: the paper's {SearchSettings.DefaultSamples} by default in search and run alike (each candidate costs one minibatch's forward and backward; the demo and the README's tour take 100)",
        DefaultValueFactory = _ => SearchSettings.DefaultSamples,
    };

    /// <summary>Loads a data set, printing its progress and cautions to standard error (once in a job: every rank loads the same data).</summary>
    /// <param name="trainImages">At most this many training images (a seeded subset); null: all.</param>
    public static DataSplits LoadData(string dataset, string? folder, long seed, ImageRequest syntheticShape, ImageFolderOptions? images = null,
        int? trainImages = null) =>
        ReportedLoad.Load(dataset, folder, seed, syntheticShape, images, trainImages,
            note: line => { if (Job.World.IsRoot) Console.Error.WriteLine($"data: {line}"); },
            warn: line => { if (Job.World.IsRoot) Console.Error.WriteLine($"warning: {line}"); });
}
