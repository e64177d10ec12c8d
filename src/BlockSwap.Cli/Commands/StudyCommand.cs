using System.CommandLine;
using BlockSwap.Networks;
using BlockSwap.Reporting;
using BlockSwap.Runtime;
using BlockSwap.Study;
using BlockSwap.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap study</c>: how well each proxy predicts trained error, with intervals.</summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var arch = CliOptions.Arch();
        var limits = new LimitOptions(budgetRequired: true, latencySetup: " (batch 1, one thread)");
        var candidates = new Option<int>("--candidates") { Description = "Candidates sampled in the window (the Moonshine networks inside it are added)", DefaultValueFactory = _ => StudySettings.DefaultCandidates };
        var initSeeds = new Option<int>("--init-seeds") { Description = "Initialisations each candidate is scored at (proxy noise)", DefaultValueFactory = _ => StudySettings.DefaultInitSeeds };
        var trainSeeds = new Option<int>("--train-seeds") { Description = "Trainings per candidate (training noise; 2 or more gives the ceiling)", DefaultValueFactory = _ => StudySettings.DefaultTrainSeeds };
        var recipe = new RecipeOptions(epochsRequired: true);
        var teacher = new Option<string?>("--teacher") { Description = "Distil from this teacher (DIR/checkpoint or a PyTorch .pt of the reference's all-Conv network)" };
        var teacherEpochs = new Option<int?>("--teacher-epochs") { Description = "Train the all-Conv teacher here, on the study's training split, for this many epochs" };
        var noTeacher = new Option<bool>("--no-teacher") { Description = "Train every candidate with plain cross-entropy" };
        var validation = new Option<int>("--validation-images") { Description = "Images held out from the training split for the correlations", DefaultValueFactory = _ => StudySettings.DefaultValidationImages };
        var trainImages = new Option<int?>("--train-images") { Description = "Train on at most this many of the remaining training images (default: all)" };
        var scoreBatch = new Option<int>("--score-batch-size") { Description = "Minibatch size for the proxies", DefaultValueFactory = _ => Search.SearchSettings.DefaultBatchSize };
        var sharedBatch = new Option<bool>("--shared-batch")
        {
            Description = "Score every candidate on the same minibatch at each initialisation, so scores differ by network only (false: a minibatch per candidate, as studies before release 0.7)",
            DefaultValueFactory = _ => true,
        };
        var ensembles = new Option<string[]>("--ensemble") { Description = "Also evaluate an ensemble (mean rank), e.g. --ensemble fisher,synflow; repeatable", AllowMultipleArgumentsPerToken = false };
        var data = new DataOptions(trainSubset: false);
        var inChannels = CliOptions.InChannels();
        var inputSize = CliOptions.InputSize();
        var wrapper = CliOptions.Wrapper();
        var seed = CliOptions.Seed();
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var shard = new Option<string>("--shard") { Description = "Run only slice I of N of the candidate list (I/N); combine with 'blockswap merge'", DefaultValueFactory = _ => "0/1" };
        var resume = CliOptions.Resume("Continue an interrupted study in --out");
        var outDir = CliOptions.Out();
        var cmd = new Command("study", "Does the ranking work? Score candidates with every proxy, train them all, and report rank correlations with intervals")
        {
            arch, candidates, initSeeds, trainSeeds, teacher, teacherEpochs, noTeacher, validation, trainImages, scoreBatch, sharedBatch, ensembles,
            inChannels, inputSize, wrapper, seed, shard, resume, json, outDir, ConfigFile.Option(),
        };
        recipe.AddTo(cmd);
        limits.AddTo(cmd);
        data.AddTo(cmd);
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            int teacherChoices = (p.GetValue(teacher) is null ? 0 : 1) + (p.GetValue(teacherEpochs) is null ? 0 : 1) + (p.GetValue(noTeacher) ? 1 : 0);
            if (teacherChoices != 1)
                throw new BlockSwapException("give exactly one of --teacher DIR/checkpoint, --teacher-epochs N (train one here) and --no-teacher");
            var (si, sn) = Parsing.Shard(p.GetValue(shard)!);
            var name = p.GetValue(arch)!;
            var training = recipe.Read(p, p.GetValue(seed));
            using var splits = data.Load(p, training.Seed, CliOptions.ImageShape(p, inChannels, inputSize, name));
            var architecture = Architecture.Parse(name, splits.Classes, splits.Channels, splits.Size);
            var settings = new StudySettings
            {
                Architecture = architecture,
                Budget = limits.Budget(p, architecture)!.Value,
                Window = p.GetValue(limits.Window),
                MaxMacs = limits.Macs(p),
                MaxLatencyMs = limits.LatencyMs(p),
                Candidates = p.GetValue(candidates),
                Wrapper = WrapperPolicies.Parse(p.GetValue(wrapper)!),
                Seed = p.GetValue(seed),
                Dataset = splits.Name,
                InitSeeds = p.GetValue(initSeeds),
                TrainSeeds = p.GetValue(trainSeeds),
                ScoreBatchSize = p.GetValue(scoreBatch),
                SharedBatch = p.GetValue(sharedBatch),
                ValidationImages = p.GetValue(validation),
                TrainImages = p.GetValue(trainImages),
                Training = training,
                Teacher = p.GetValue(teacher),
                TeacherEpochs = p.GetValue(teacherEpochs),
                Ensembles = (p.GetValue(ensembles) ?? []).Select(e => e.StartsWith(Scoring.ProxyRanking.EnsemblePrefix) ? e : Scoring.ProxyRanking.EnsemblePrefix + e).ToArray(),
                ShardIndex = si,
                ShardCount = sn,
            };
            settings.Validate();
            var dir = p.GetValue(outDir)!;
            ConfigFile.WriteEffective(p, dir);
            AnsiConsole.MarkupLine(Markup.Escape($"study: {settings.Architecture.Name} on {settings.Dataset}, budget {settings.Budget:N0}, {settings.Candidates} sampled candidates + Moonshine, " +
                                                 $"{Plural.Of(settings.InitSeeds, "init")}, {Plural.Of(settings.TrainSeeds, "training seed")} × {Plural.Of(training.Epochs, "epoch")}, device {dev}, threads {TorchSharp.torch.get_num_threads()}"));
            var result = StudyRunner.Run(settings, splits, dev, dir, p.GetValue(resume), Job.World, new StudyProgressView(), Interruption.Token);
            if (!Job.World.IsRoot) return 0;
            if (result.Candidates.Count < 3)
                Console.WriteLine($"this shard finished {Plural.Of(result.Candidates.Count, "candidate")}; merge the shards ('blockswap merge') for the report");
            else if (p.GetValue(json))
                CliOptions.PrintJson(StudyReportWriter.Write(result, dir));
            else
                Report(result, dir);
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the report and prints its verdict.</summary>
    public static void Report(StudyResult result, string dir)
    {
        var analysis = StudyReportWriter.Write(result, dir);
        foreach (var line in analysis.Verdict) Console.WriteLine(line);
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(dir, "report.md"))} (with report.json and PNG plots)" +
                          (result.Candidates.Count < result.ListLength ? $"; covers {result.Candidates.Count} of {result.ListLength} candidates (a shard: merge the shards for the whole study)" : ""));
    }

    /// <summary>One plain line per stage and per epoch: readable in a log file as on a terminal.</summary>
    private sealed class StudyProgressView : IStudyProgress, ITrainingProgress
    {
        private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
        private int total;

        private void Line(string text) => Console.WriteLine($"[{watch.Elapsed:hh\\:mm\\:ss}] {text}");

        public void Started(int candidates, int alreadyDone)
        {
            total = candidates;
            if (alreadyDone > 0) Line($"resuming: {alreadyDone} of {candidates} candidates already done");
        }

        public void Stage(string message) => Line(message);

        public void CandidateDone(StudyCandidate c, int done, int count)
        {
            double eta = watch.Elapsed.TotalSeconds / done * (count - done);
            Line($"candidate {c.Index} done ({done}/{total}): validation error {c.MeanValidationError:F2}%, test error {c.MeanTestError:F2}%; ETA {TimeSpan.FromSeconds(eta):hh\\:mm\\:ss}");
        }

        public ITrainingProgress Training => this;
        public void EpochStarted(int epoch, int epochs, int steps) { }
        public void Stepped(int step, double loss, double imagesPerSecond) { }
        public void EpochEnded(EpochMetrics m) =>
            Line($"  epoch {m.Epoch}: train loss {m.TrainLoss:F3}, validation error {m.TestError:F2}%, {m.ImagesPerSecond:F0} img/s");
    }
}
