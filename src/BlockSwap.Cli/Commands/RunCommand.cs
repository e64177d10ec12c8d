using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Pipeline;
using BlockSwap.Outputs.Reporting;
using BlockSwap.Foundation.Runtime;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap run</c> (the whole pipeline, any settings) and <c>blockswap demo</c> (a preset of about 10 minutes on 2 cores).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var arch = CliOptions.Arch();
        var limits = new LimitOptions(several: true, latencySetup: " (batch 1, one thread)");
        var samples = CliOptions.Samples("Candidates per search");
        var proxy = CliOptions.Proxy();
        var recipe = new RecipeOptions(epochsRequired: false);
        var teacherEpochs = new Option<int?>("--teacher-epochs") { Description = "Teacher epochs when it is trained here (default: --epochs)" };
        var teacher = new Option<string?>("--teacher") { Description = "A trained teacher's DIR/checkpoint or a PyTorch .pt of the reference's all-Conv network (skips teacher training)" };
        var teacherArch = CliOptions.TeacherArch();
        var baselines = new ParsedOption<Baseline[]>("--baselines", "Baselines: moonshine, random (comma-separated) or none", BlockSwap.Outputs.Pipeline.Baselines.Parse,
            b => b.Length == 0 ? "none" : string.Join(",", b.Select(x => x.Name())), () => Enum.GetValues<Baseline>());
        var redo = new Option<bool>("--redo-changed") { Description = "Retrain or re-search a finished stage whose settings differ from this run's (by default that is an error)" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per method and budget", DefaultValueFactory = _ => RunSettings.DefaultSeeds };
        var margin = new Option<double>("--margin")
        {
            Description = "Equivalence margin of the report's pick − Moonshine comparison, in points of test error: inside it (the whole 95 % interval) the two count as equal",
            DefaultValueFactory = _ => RunSettings.DefaultMargin,
        };
        var randomSeeds = new ParsedOption<SeedSelection>("--random-seeds",
            "Seeds of the random baseline: all, the first N of --seeds, or seeds by number (9,10 or 9-10: trained beside those seeds' picks)",
            SeedSelection.Parse, s => s.ToString(), () => SeedSelection.All);
        var latencyRounds = new Option<int>("--latency-rounds")
        {
            Description = "Rounds of the report's latency timing at least, each timing every network once (more: narrower latency intervals, longer timing; " +
                          "after them timing stops once every interval is within ±2 %, or after 60 rounds or 3 minutes)",
            DefaultValueFactory = _ => BlockSwap.Methods.Latency.InterleavedLatencySettings.DefaultMinRounds,
        };
        var wrapper = CliOptions.Wrapper();
        var inChannels = CliOptions.InChannels();
        var inputSize = CliOptions.InputSize();
        var data = new DataOptions();
        var seed = CliOptions.Seed();
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var outDir = CliOptions.Out("Output folder (an interrupted run resumes there)");
        var cmd = new Command("run", "The main job: teacher, BlockSwap search and student per budget, Moonshine and random baselines, report with plots")
        {
            arch, inChannels, inputSize, samples, proxy, teacherEpochs, teacher, teacherArch.Option, baselines, seeds, randomSeeds, margin, latencyRounds, wrapper.Option, seed, redo, json, outDir, ConfigFile.Option(),
        };
        limits.AddTo(cmd);
        recipe.AddTo(cmd);
        data.AddTo(cmd);
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var training = recipe.Read(p, p.GetValue(seed));
            // Budgets given as shares of the teacher are counted on the teacher the data shapes; checked once before it loads.
            var probe = p.Value(arch);
            _ = limits.Budgets(p, probe);
            var settings = new RunSettings
            {
                Architecture = probe,
                Budgets = limits.Budgets(p, probe),
                Samples = p.GetValue(samples),
                Limits = limits.Read(p, probe),
                Ranking = p.Value(proxy),
                SearchBatchSize = training.BatchSize,
                Training = training,
                TeacherEpochs = p.GetValue(teacherEpochs),
                TeacherCheckpoint = p.GetValue(teacher),
                TeacherArch = teacherArch.Read(p),
                Baselines = p.Value(baselines),
                Seeds = p.GetValue(seeds),
                RandomSeeds = p.Value(randomSeeds),
                Margin = p.GetValue(margin),
                LatencyRounds = p.GetValue(latencyRounds),
                Wrapper = wrapper.Read(p),
                RedoChanged = p.GetValue(redo),
            };
            settings.Validate();
            ConfigFile.WriteEffective(p, p.Value(outDir));
            var source = data.Source(p);
            data.CheckUsed(p, source);
            return Execute(settings, source, p.GetValue(data.Folder), compute.Apply(p), p.Value(outDir), p.GetValue(json),
                CliOptions.ImageShape(p, inChannels, inputSize, settings.Architecture.InputSize), data.FolderOptions(p), p.GetValue(data.TrainImages),
                splits => settings with { Budgets = limits.Budgets(p, probe.Reshaped(splits.Classes, splits.Channels, splits.Size)) });
        });
        return cmd;
    }

    public static Command CreateDemo()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder", DefaultValueFactory = _ => "blockswap-demo" };
        var seed = CliOptions.Seed();
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var preset = new ParsedOption<string>("--preset",
            "demo (default: small WRN on Fashion-MNIST, about 10 min on 2 CPU cores), quick (the same on 10,000 training images, 3 teacher and 2 student epochs: under 5 min) or paper (WRN-40-2, CIFAR-10 from --data, 150K–800K, 1000 samples, 200 epochs; for a GPU)",
            RunPresets.Canonical, name => name, () => RunPresets.Names[0]);
        var data = new Option<string?>("--data") { Description = "Folder with the preset's data set files (required by paper: the CIFAR-10 binary files)" };
        var cmd = new Command("demo", "Run the whole BlockSwap pipeline on real data with small settings and write the report") { outDir, seed, preset, data, json };
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var chosen = RunPresets.Get(p.Value(preset), p.GetValue(seed), p.GetValue(data));
            AnsiConsole.MarkupLine(Markup.Escape($"{chosen.Name}: {chosen.Summary}"));
            return Execute(chosen.Settings, chosen.Dataset, p.GetValue(data), compute.Apply(p), p.Value(outDir), p.GetValue(json), trainImages: chosen.TrainImages);
        });
        return cmd;
    }

    private static int Execute(RunSettings settings, string dataset, string? dataFolder, TorchSharp.torch.Device dev, string outDir, bool json,
        ImageRequest? shape = null, ImageFolderOptions? images = null, int? trainImages = null, Func<DataSplits, RunSettings>? forData = null)
    {
        settings.Validate();
        var probe = settings.Architecture;
        using var splits = CliOptions.LoadData(dataset, dataFolder, settings.Training.Seed, shape ?? ImageRequest.Fixed(probe.InChannels, probe.InputSize), images, trainImages);
        if (forData is not null) settings = forData(splits);
        AnsiConsole.MarkupLine(Markup.Escape($"data: {splits.Name}, {splits.Train.Count:N0} train / {splits.Test.Count:N0} test images; output in {Path.GetFullPath(outDir)}"));
        IPipelineProgress progress = Job.World.IsRoot ? new PipelineProgressView() : new LogLineProgress(Console.Error, $"rank {Job.World.Rank}: ");
        var report = RunPipeline.Run(settings, splits, dev, outDir, Job.World, progress, Interruption.Token);
        if (report is null) return 0; // a rank other than 0: its stages are done, rank 0 reports
        if (json)
        {
            CliOptions.PrintJson(report);
            return 0;
        }
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
        foreach (var b in report.Budgets.Where(b => b.Front.Count > 0))
            Console.WriteLine($"budget {b.Budget:N0}, against the search's front of {b.Front[0].FrontSize} (score, params, MACs, predicted latency): " +
                string.Join("; ", b.Front.Select(f => $"{f.Method} {f.PredictedLatencyMs:F2} ms " + (f.DominatedBy == 0 ? "on the front" : $"dominated by {f.DominatedBy}"))));
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(outDir, "report.md"))} (with report.json and PNG plots)");
    }
}
