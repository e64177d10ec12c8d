using System.Text.Json;
using BlockSwap.Blocks;
using BlockSwap.Data;
using BlockSwap.Genotypes;
using BlockSwap.Networks;
using BlockSwap.Reporting;
using BlockSwap.Runtime;
using BlockSwap.Search;
using BlockSwap.Training;
using static TorchSharp.torch;

namespace BlockSwap.Pipeline;

/// <summary>
/// The main job: train (or load) the teacher; per budget and seed, search with BlockSwap and train the winner
/// with attention transfer; train the baselines with the same recipe and teacher; evaluate and report.
/// Every stage lives in its own folder under the output and is skipped when its result already exists,
/// so an interrupted run resumes where it stopped.
/// </summary>
public static class RunPipeline
{
    public static RunReport Run(RunSettings settings, DataSplits data, Device device, string outDir, IPipelineProgress? progress = null)
    {
        settings.Validate();
        progress ??= new SilentPipelineProgress();
        var arch = Architecture.Parse(settings.Architecture, data.Classes, data.Channels, data.Size);
        var policy = WrapperPolicyNames.Parse(settings.Wrapper);
        Directory.CreateDirectory(outDir);

        // 1. Teacher.
        var teacherPlan = NetworkPlan.Uniform(arch, BlockCatalogue.Get("Conv"));
        string teacherCheckpoint;
        ReportRow teacherRow;
        if (settings.TeacherCheckpoint is { } given)
        {
            teacherCheckpoint = given;
            using var net = TeacherLoader.Load(given, arch, device);
            TrainingStep.CheckTeacherFits(arch, net.Architecture);
            var header = given.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) || given.EndsWith(".pth", StringComparison.OrdinalIgnoreCase)
                ? null : Checkpoint.ReadHeader(given);
            var e = Evaluator.Evaluate(net, data.Test, device);
            teacherRow = new ReportRow
            {
                Method = "teacher", Seed = header?.Options.Seed ?? 0, Genotype = net.Plan.Genotype.ToString(), Note = "given",
                Params = net.Plan.Parameters, Macs = net.Plan.Macs, Compression = 1, Top1Error = e.Top1Error, Top5Error = e.Top5Error,
                Curve = header?.Metrics.Select(m => m.TestError).ToArray() ?? [], Folder = given,
                LatencyMs = Latency(net),
            };
        }
        else
        {
            var dir = Path.Combine(outDir, "teacher");
            progress.Stage($"teacher: training the all-Conv {arch.Name} ({teacherPlan.Parameters:N0} params)");
            var options = settings.Training with { Epochs = settings.TeacherEpochs ?? settings.Training.Epochs };
            var result = TrainStage(teacherPlan, data, options, null, null, device, dir, progress);
            teacherCheckpoint = Path.Combine(dir, Checkpoint.FileName);
            teacherRow = Row("teacher", options.Seed, teacherPlan, result, dir, teacherPlan.Parameters, null, null);
        }

        using var teacher = TeacherLoader.Load(teacherCheckpoint, arch, device);
        var budgets = new List<BudgetReport>();
        var sampler = new CandidateSampler(arch);
        foreach (var budget in settings.Budgets)
        {
            var window = new BudgetWindow(budget, settings.Window);
            var rows = new List<ReportRow>();
            var moonshine = settings.Baselines.Contains("moonshine") ? MoonshineType(arch, window) : null;
            IReadOnlyList<double> scores = [];
            double? winnerScore = null;
            for (int s = 0; s < settings.Seeds; s++)
            {
                long seed = settings.Training.Seed + s;
                var options = settings.Training with { Seed = seed };
                var budgetDir = Path.Combine(outDir, $"budget-{budget}");

                // 2. BlockSwap: search, then train the winner with AT.
                var searchDir = Path.Combine(budgetDir, $"search-s{seed}");
                var searchSettings = new SearchSettings
                {
                    Architecture = arch.Name, Classes = arch.Classes, InChannels = arch.InChannels, InputSize = arch.InputSize,
                    Budget = budget, Window = settings.Window, Samples = settings.Samples, Proxy = settings.Proxy,
                    BatchSize = settings.SearchBatchSize, Seed = seed, Wrapper = policy.ToCliName(), Dataset = data.Name,
                };
                progress.Stage($"budget {budget:N0}, seed {seed}: BlockSwap search over {settings.Samples} candidates");
                var search = progress.Search(settings.Samples, p =>
                    SearchRunner.Run(searchSettings, data, device, searchDir, resume: File.Exists(Path.Combine(searchDir, SearchSettings.FileName)), p));
                if (s == 0)
                {
                    scores = search.Candidates.Select(c => c.Score).ToArray();
                    winnerScore = search.Best.Score;
                }
                double searchSeconds = search.Candidates.Sum(c => c.Seconds);
                var winner = new NetworkPlan(arch, search.Best.Genotype, policy);
                rows.Add(TrainRow("blockswap", winner, Path.Combine(budgetDir, $"blockswap-s{seed}"), searchSeconds, null));

                // 3. Baselines with the same recipe and teacher.
                if (moonshine is not null)
                    rows.Add(TrainRow("moonshine", NetworkPlan.Uniform(arch, moonshine, policy), Path.Combine(budgetDir, $"moonshine-s{seed}"), null, moonshine.Name));
                if (settings.Baselines.Contains("random"))
                {
                    var g = sampler.Sample(window, 1, Seeds.Derive(seed, "random-baseline", budget))[0];
                    rows.Add(TrainRow("random", new NetworkPlan(arch, g, policy), Path.Combine(budgetDir, $"random-s{seed}"), null, "unranked sample from the window"));
                }

                ReportRow TrainRow(string method, NetworkPlan plan, string dir, double? searchSecs, string? note)
                {
                    progress.Stage($"budget {budget:N0}, seed {seed}: training {method} [{plan.Genotype}] ({plan.Parameters:N0} params) with attention transfer");
                    var r = TrainStage(plan, data, options, teacher, teacherCheckpoint, device, dir, progress);
                    return Row(method, seed, plan, r, dir, teacherRow.Params, searchSecs, note);
                }
            }
            budgets.Add(new BudgetReport(budget, window.Lower, window.Upper, rows, moonshine?.Name, scores, winnerScore));
        }

        var t = settings.Training;
        var report = new RunReport
        {
            Architecture = arch.Name,
            Dataset = data.Name,
            SyntheticData = data.IsSynthetic,
            TrainImages = data.Train.Count,
            TestImages = data.Test.Count,
            Recipe = $"SGD momentum {t.Momentum}, weight decay {t.WeightDecay}, lr {t.Lr} cosine to {t.MinLr}, batch {t.BatchSize}, " +
                     $"{t.Epochs} epochs (teacher {settings.TeacherEpochs ?? t.Epochs}), crop+flip+cutout {t.Cutout}, AT β={t.AtBeta}" +
                     (t.KdAlpha > 0 ? $", KD α={t.KdAlpha} τ={t.KdTemperature}" : "") + $", {settings.Wrapper} wrappers",
            Proxy = settings.Proxy,
            Samples = settings.Samples,
            Teacher = teacherRow,
            Budgets = budgets,
            Device = device.ToString(),
        };
        progress.Stage("writing the report");
        ReportWriter.Write(report, outDir);
        return report;
    }

    /// <summary>The single-type network whose count is closest to the budget without exceeding the window's upper bound.</summary>
    public static BlockType? MoonshineType(Architecture arch, BudgetWindow window) =>
        BlockCatalogue.Sampled
            .Where(t => arch.Positions.All(p => t.IsValid(p.In, p.Out) && t.IsValid(p.Out, p.Out)))
            .Select(t => (Type: t, Params: NetworkPlan.Uniform(arch, t).Parameters))
            .Where(x => x.Params < window.Upper)
            .OrderBy(x => Math.Abs(x.Params - window.Budget))
            .Select(x => x.Type)
            .FirstOrDefault();

    private static TrainingResult TrainStage(NetworkPlan plan, DataSplits data, TrainingOptions options, BlockSwapNetwork? teacher,
        string? teacherSource, Device device, string dir, IPipelineProgress progress)
    {
        var resultPath = Path.Combine(dir, "result.json");
        if (File.Exists(resultPath))
            return JsonSerializer.Deserialize<TrainingResult>(File.ReadAllText(resultPath), GenotypeFile.Json)!;
        bool resume = File.Exists(Path.Combine(dir, Checkpoint.FileName));
        return progress.Train(p => Trainer.Run(plan, data, options, teacher, teacherSource, device, dir, resume, p));
    }

    /// <summary>Median ONNX Runtime latency (batch 1, one thread, BN folded) of a network, in milliseconds.</summary>
    private static double Latency(BlockSwapNetwork net) => Export.LatencyMeter.OnnxRuntime(net, batch: 1, threads: 1, runs: 30).MedianMs;

    private static ReportRow Row(string method, long seed, NetworkPlan plan, TrainingResult r, string dir, long teacherParams, double? searchSeconds, string? note)
    {
        var (net, _) = Checkpoint.LoadNetwork(Path.Combine(dir, Checkpoint.FileName), CPU);
        double latency;
        using (net) latency = Latency(net);
        var curve = File.ReadLines(Path.Combine(dir, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("testError").GetDouble()).ToArray();
        return new ReportRow
        {
            Method = method, Seed = seed, Genotype = plan.Genotype.ToString(), Note = note, Params = plan.Parameters, Macs = plan.Macs,
            Compression = (double)teacherParams / plan.Parameters, Top1Error = r.TestTop1Error, Top5Error = r.TestTop5Error,
            SearchSeconds = searchSeconds, TrainSeconds = r.WallSeconds, Curve = curve, Folder = dir, LatencyMs = latency,
        };
    }
}
