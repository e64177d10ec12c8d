using System.CommandLine;
using BlockSwap.Outputs.Reporting;
using BlockSwap.Methods.Study;
using BlockSwap.Methods.Training;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap study</c>: how well each proxy predicts trained error, with intervals.</summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var study = new StudyOptions();
        var data = new DataOptions(trainSubset: false);
        var compute = new ComputeOptions();
        var json = CliOptions.Json();
        var resume = CliOptions.Resume("Continue an interrupted study in --out");
        var outDir = CliOptions.Out();
        var cmd = new Command("study", "Does the ranking work? Score candidates with every proxy, train them all, and report rank correlations with intervals");
        study.AddTo(cmd);
        foreach (var o in new Option[] { resume, json, outDir, ConfigFile.Option() }) cmd.Options.Add(o);
        data.AddTo(cmd);
        compute.AddTo(cmd);
        cmd.SetAction(p =>
        {
            var dev = compute.Apply(p);
            var training = study.Training(p);
            using var splits = data.Load(p, training.Seed, study.ImageShape(p));
            var settings = study.Read(p, splits, training);
            var dir = p.Value(outDir);
            ConfigFile.WriteEffective(p, dir);
            AnsiConsole.MarkupLine(Markup.Escape($"study: {settings.Architecture.Name} on {settings.Dataset}, budget {settings.Budget:N0}, {settings.Candidates} sampled candidates + Moonshine, " +
                                                 $"{Plural.Of(settings.InitSeeds, "init")}, {Plural.Of(settings.TrainSeeds, "training seed")} × {Plural.Of(training.Epochs, "epoch")}, device {dev}, threads {TorchSharp.torch.get_num_threads()}"));
            var result = StudyRunner.Run(settings, splits, dev, dir, CliOptions.Resuming(p, resume, dir, BlockSwap.Methods.Study.StudySettings.FileName), Job.World, new StudyProgressView(), Interruption.Token);
            if (!Job.World.IsRoot) return 0;
            if (!result.CanAnalyse)
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
