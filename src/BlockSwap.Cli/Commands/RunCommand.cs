using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Networks;
using BlockSwap.Pipeline;
using BlockSwap.Runtime;
using BlockSwap.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap run</c> (the whole pipeline, any settings) and <c>blockswap demo</c> (a preset that fits 15 minutes on 2 cores).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var arch = CliOptions.Arch();
        var budgets = new Option<string>("--budgets") { Description = "Comma-separated budgets, e.g. 200k,400k,800k", Required = true };
        var samples = new Option<int>("--samples") { Description = "Candidates per search", DefaultValueFactory = _ => 1000 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs of every network", DefaultValueFactory = _ => 200 };
        var teacherEpochs = new Option<int?>("--teacher-epochs") { Description = "Teacher epochs when it is trained here (default: --epochs)" };
        var teacher = new Option<string?>("--teacher") { Description = "A trained teacher's DIR/checkpoint (skips teacher training)" };
        var baselines = new Option<string>("--baselines") { Description = "Baselines: moonshine, random (comma-separated) or none", DefaultValueFactory = _ => "moonshine,random" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per method and budget", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128, Description = "Batch size (training and scoring)" };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 0.1, Description = "Initial learning rate" };
        var wrapper = CliOptions.Wrapper();
        var dataset = SearchCommand.Dataset();
        var data = SearchCommand.DataDir();
        var seed = CliOptions.Seed();
        var device = CliOptions.Device();
        var outDir = new Option<string>("--out") { Description = "Output folder (an interrupted run resumes there)", Required = true };
        var cmd = new Command("run", "The main job: teacher, BlockSwap search and student per budget, Moonshine and random baselines, report with plots")
        {
            arch, budgets, samples, epochs, teacherEpochs, teacher, baselines, seeds, batch, lr, wrapper, dataset, data, seed, device, outDir,
        };
        cmd.SetAction(p =>
        {
            var settings = new RunSettings
            {
                Architecture = p.GetValue(arch)!,
                Budgets = p.GetValue(budgets)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parsing.Budget).ToArray(),
                Samples = p.GetValue(samples),
                SearchBatchSize = p.GetValue(batch),
                Training = new TrainingOptions { Epochs = p.GetValue(epochs), BatchSize = p.GetValue(batch), Lr = p.GetValue(lr), Seed = p.GetValue(seed) },
                TeacherEpochs = p.GetValue(teacherEpochs),
                TeacherCheckpoint = p.GetValue(teacher),
                Baselines = ParseBaselines(p.GetValue(baselines)!),
                Seeds = p.GetValue(seeds),
                Wrapper = WrapperPolicyNames.Parse(p.GetValue(wrapper)!).ToCliName(),
            };
            return Execute(settings, p.GetValue(dataset)!, p.GetValue(data), p.GetValue(device)!, p.GetValue(outDir)!);
        });
        return cmd;
    }

    private static string[] ParseBaselines(string text) =>
        text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToArray();

    public static Command CreateDemo()
    {
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "blockswap-demo" };
        var seed = CliOptions.Seed();
        var device = CliOptions.Device();
        var preset = new Option<string>("--preset") { Description = "demo (default: small WRN on Fashion-MNIST, ~15 min on 2 CPU cores) or paper (WRN-40-2, CIFAR-10 from --data, 150K–800K, 1000 samples, 200 epochs; for a GPU)", DefaultValueFactory = _ => "demo" };
        var data = SearchCommand.DataDir();
        var cmd = new Command("demo", "Run the whole BlockSwap pipeline on real data with small settings and write the report") { outDir, seed, device, preset, data };
        cmd.SetAction(p =>
        {
            long s = p.GetValue(seed);
            switch (p.GetValue(preset)!.ToLowerInvariant())
            {
                case "demo":
                {
                    var arch = Architecture.Parse(DemoArchitecture, 10, 1, 28);
                    long teacherParams = Networks.NetworkPlan.Uniform(arch, Blocks.BlockCatalogue.Get("Conv")).Parameters;
                    long budget = (long)Math.Round(teacherParams / 4.0 / 1000) * 1000;
                    var settings = new RunSettings
                    {
                        Architecture = DemoArchitecture,
                        Budgets = [budget],
                        Samples = DemoSamples,
                        Training = new TrainingOptions { Epochs = DemoEpochs, Seed = s },
                        TeacherEpochs = DemoTeacherEpochs,
                    };
                    AnsiConsole.MarkupLine(Markup.Escape($"demo: {DemoArchitecture} teacher ({teacherParams:N0} params) on Fashion-MNIST; budget {budget:N0} (a quarter); BlockSwap vs Moonshine vs random; {DemoTeacherEpochs} teacher epochs, {DemoEpochs} student epochs"));
                    return Execute(settings, "fashion-mnist", p.GetValue(data), p.GetValue(device)!, p.GetValue(outDir)!);
                }
                case "paper":
                {
                    if (p.GetValue(data) is null)
                        throw new BlockSwapException("--preset paper trains on CIFAR-10: pass --data DIR holding data_batch_1..5.bin and test_batch.bin (and --device cuda on a GPU)");
                    var settings = new RunSettings
                    {
                        Architecture = "wrn-40-2",
                        Budgets = [150_000, 200_000, 250_000, 300_000, 400_000, 500_000, 800_000],
                        Samples = 1000,
                        Training = new TrainingOptions { Epochs = 200, Seed = s },
                    };
                    return Execute(settings, "cifar10", p.GetValue(data), p.GetValue(device)!, p.GetValue(outDir)!);
                }
                default:
                    throw new BlockSwapException($"--preset '{p.GetValue(preset)}' is unknown; use demo or paper");
            }
        });
        return cmd;
    }

    // The demo's size, chosen so the whole pipeline fits about 15 minutes on a 2-core CPU with the full Fashion-MNIST.
    internal const string DemoArchitecture = "wrn-16-1";
    internal const int DemoSamples = 100;
    internal const int DemoTeacherEpochs = 3;
    internal const int DemoEpochs = 3;

    private static int Execute(RunSettings settings, string dataset, string? dataDir, string deviceName, string outDir)
    {
        settings.Validate();
        var dev = TorchRuntime.ResolveDevice(deviceName);
        var probe = Architecture.Parse(settings.Architecture);
        using var splits = DataSets.Load(dataset, dataDir, settings.Training.Seed, (probe.InChannels, probe.InputSize));
        if (splits.IsSynthetic) AnsiConsole.MarkupLine("[yellow]data: SYNTHETIC (generated patterns, not a real data set)[/]");
        AnsiConsole.MarkupLine(Markup.Escape($"data: {splits.Name}, {splits.Train.Count:N0} train / {splits.Test.Count:N0} test images; output in {Path.GetFullPath(outDir)}"));
        var report = RunPipeline.Run(settings, splits, dev, outDir, new PipelineProgressView());
        PrintSummary(report, outDir);
        return 0;
    }

    private static void PrintSummary(RunReport report, string outDir)
    {
        var table = new Table().Border(TableBorder.Simple).Title($"{report.Architecture} on {report.Dataset}");
        table.AddColumns("budget", "method", "params", "compression", "top-1 error %", "top-5 error %", "latency ms", "train s");
        void Add(string budget, ReportRow r) => table.AddRow(budget, Markup.Escape(r.Method + (r.Note is null || r.Method == "random" ? "" : $" ({r.Note})")),
            r.Params.ToString("N0"), $"{r.Compression:F1}×", r.Top1Error.ToString("F2"), r.Top5Error.ToString("F2"), r.LatencyMs?.ToString("F2") ?? "–", r.TrainSeconds?.ToString("F0") ?? "–");
        Add("–", report.Teacher);
        foreach (var b in report.Budgets)
            foreach (var r in b.Rows) Add(b.Budget.ToString("N0"), r);
        AnsiConsole.Write(table);
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(outDir, "report.md"))} (with report.json and PNG plots)");
    }
}
