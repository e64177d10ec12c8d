using System.Text.Json;
using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Foundation.Distributed;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Reporting;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>
/// The main job: train (or load) the teacher; per budget and seed, search with BlockSwap and train the winner
/// with attention transfer; train the baselines with the same recipe and teacher; evaluate and report.
/// Every stage lives in its own folder under the output and is skipped when its result already exists,
/// so an interrupted run resumes where it stopped.
/// </summary>
public static class RunPipeline
{
    public static RunReport Run(RunSettings settings, DataSplits data, Device device, string outDir, IPipelineProgress? progress = null,
        CancellationToken cancel = default) => Run(settings, data, device, outDir, SingleProcess.Instance, progress, cancel)!;

    /// <summary>
    /// The run spread over the ranks of a job (docs/distributed.md): rank 0 trains or evaluates the teacher; then the
    /// independent stages (per budget and seed: the search with its winner's training, the Moonshine and the random
    /// baseline) are dealt out to the ranks in turn; then rank 0 goes through the whole run once more, finding every
    /// stage finished, and writes the report (null on the other ranks). One rank: all of it in order.
    /// </summary>
    public static RunReport? Run(RunSettings settings, DataSplits data, Device device, string outDir, ICommunicator comm, IPipelineProgress? progress = null,
        CancellationToken cancel = default)
    {
        // Stages compare the recipe they were trained with, which the trainer fits to the data: fit it here too.
        settings = settings with { Training = TrainingRecipe.Fit(settings.Training, data.Channels, data.Size) };
        settings.Validate();
        var arch = settings.Architecture.Reshaped(data.Classes, data.Channels, data.Size);
        progress ??= new SilentPipelineProgress();
        if (comm.Size > 1)
        {
            if (comm.IsRoot)
            {
                using var root = OutputLock.Acquire(outDir, ResultKind.Run);
                var first = new Stages(new RunContext(settings, arch, data, device, outDir, progress, cancel), StageDealer.Everything(), reporting: false, root.Started);
                first.CheckBudgetsReachable();
                first.Teacher();
                root.Started();
                first.PrimeLatency();
            }
            comm.Barrier();
            // Each rank trains its stages only; rows, evaluations and front placements come from rank 0's pass below.
            var part = new Stages(new RunContext(settings, arch, data, device, outDir, progress, cancel), new StageDealer(comm.Rank, comm.Size), reporting: false, started: () => { });
            var checkpoint = part.TeacherCheckpoint;
            using (var net = TeacherLoader.Load(checkpoint, arch, device, settings.TeacherArch))
                foreach (var b in settings.Budgets) part.Budget(b, net, checkpoint, teacherParams: 0);
            comm.Barrier();
            if (!comm.IsRoot) return null;
        }
        using var folder = OutputLock.Acquire(outDir, ResultKind.Run);
        // The run's config.json is written when its first stage starts work (or before its report): a run refused by a
        // stage made with other settings writes nothing.
        var stages = new Stages(new RunContext(settings, arch, data, device, outDir, progress, cancel), StageDealer.Everything(), reporting: true, folder.Started);
        stages.CheckBudgetsReachable();
        var (teacherCheckpoint, teacherRow) = stages.Teacher();
        using var teacher = TeacherLoader.Load(teacherCheckpoint, arch, device, settings.TeacherArch);
        var budgets = settings.Budgets.Select(b => stages.Budget(b, teacher, teacherCheckpoint, teacherRow.Params)).ToList();
        stages.Progress.Stage("measuring the latency of every network, interleaved (batch 1 and 32, one thread)");
        var load = MachineLoadProbe.Start();
        (teacherRow, budgets) = WithLatency(teacherRow, teacher, budgets, arch, settings.Wrapper,
            InterleavedLatencySettings.AtLeast(settings.LatencyRounds, settings.Training.Seed), cancel);
        var latencyLoad = load.Stop();
        if (latencyLoad is { Quiet: false }) stages.Progress.Stage($"while latency was timed, {latencyLoad.Describe()}");

        var t = settings.Training;
        var report = new RunReport
        {
            Architecture = arch.Name,
            Dataset = data.Name,
            SyntheticData = data.IsSynthetic,
            TrainImages = data.Train.Count,
            TestImages = data.Test.Count,
            Recipe = t.Describe(settings.TeacherEpochs ?? t.Epochs) + $", {settings.Wrapper.Name()} wrappers",
            Proxy = settings.Ranking.Name,
            Samples = settings.Samples,
            Teacher = teacherRow,
            Budgets = budgets,
            Device = device.ToString(),
            LatencyLoad = latencyLoad,
            Analysis = RunAnalysis.Of(budgets, settings.Margin),
        };
        folder.Started();
        stages.Progress.Stage("writing the report");
        ReportWriter.Write(report, outDir);
        return report;
    }

    /// <summary>
    /// The single-type network whose count is closest to the budget without exceeding the window's upper bound (nor
    /// the MAC and latency limits, when there are).
    /// </summary>
    public static BlockType? MoonshineType(Architecture arch, BudgetWindow window, long? maxMacs = null, double? maxLatencyMs = null, LatencyTable? latency = null) =>
        BlockCatalogue.Sampled
            .Where(t => arch.Positions.All(p => t.IsValid(p.In, p.Out) && t.IsValid(p.Out, p.Out)))
            .Where(t => maxMacs is not { } m || NetworkPlan.Uniform(arch, t).Macs <= m)
            .Where(t => maxLatencyMs is not { } l || latency!.Predict(NetworkPlan.Uniform(arch, t)) <= l)
            .Select(t => (Type: t, Params: NetworkPlan.Uniform(arch, t).Parameters))
            .Where(x => x.Params < window.Upper)
            .OrderBy(x => Math.Abs(x.Params - window.Budget))
            .Select(x => x.Type)
            .FirstOrDefault();

    /// <summary>One method per stage; each skips its work when its folder already holds the result.</summary>
    private sealed class Stages(RunContext run, StageDealer dealer, bool reporting, Action started)
    {
        private RunSettings settings => run.Settings;
        private Architecture arch => run.Arch;
        private DataSplits data => run.Data;
        private Device device => run.Device;
        private string outDir => run.OutDir;
        private IPipelineProgress progress => run.Progress;
        private CancellationToken cancel => run.Cancel;

        /// <summary>Every budget against the architecture's possible networks, before the first is trained (an unreachable budget was once found after the others had trained).</summary>
        public void CheckBudgetsReachable()
        {
            var sampler = new CandidateSampler(arch);
            foreach (var b in settings.Budgets)
                sampler.CheckReachable(settings.Limits.ForBudget(b), settings.Limits.MaxLatencyMs is null ? null : Latency);
        }

        /// <summary>Where the teacher's checkpoint is (or will be): the given one, or the one trained here.</summary>
        public string TeacherCheckpoint => settings.TeacherCheckpoint ?? Path.Combine(outDir, "teacher", Checkpoint.FileName);



        /// <summary>Measures (or loads) the latency table now, before the ranks need it.</summary>
        public void PrimeLatency() => _ = Latency;

        public IPipelineProgress Progress => progress;

        private LatencyTable? latencyTable;

        /// <summary>The machine's latency table for the architecture (batch 1, one thread), measured on first use and cached.</summary>
        private LatencyTable Latency => latencyTable ??= LatencyTableCache.Default.GetOrMeasure(arch, new LatencySetup(), MachineFingerprint.Current);

        /// <summary>The given teacher, evaluated; or the all-Conv network trained here.</summary>
        public (string Checkpoint, ReportRow Row) Teacher()
        {
            if (settings.TeacherCheckpoint is { } given)
            {
                using var net = TeacherLoader.LoadChecked(given, arch, data, device, settings.TeacherArch, note => progress.Stage($"note: {note}"));
                var header = TeacherLoader.IsPyTorchFile(given) ? null : Checkpoint.ReadHeader(given);
                var e = Evaluator.Evaluate(net, data.Test, device);
                var own = net as BlockSwapNetwork;
                return (given, new ReportRow
                {
                    Method = "teacher", Seed = header?.Options.Seed ?? 0, Genotype = own?.Plan.Genotype.ToString() ?? net.Description, Note = "given",
                    Params = own?.Plan.Parameters ?? net.ParameterCount, Macs = own?.Plan.Macs ?? 0, Compression = 1, Top1Error = e.Top1Error, Top5Error = e.Top5Error,
                    Curve = header?.Metrics.Select(m => m.TestError).ToArray() ?? [], Folder = given,
                });
            }
            var plan = NetworkSpec.Teacher(arch).ToPlan();
            var dir = Path.Combine(outDir, "teacher");
            progress.Stage(Finished(dir)
                ? $"teacher: reusing the all-Conv {arch.Name} trained earlier in {dir}"
                : $"teacher: training the all-Conv {arch.Name} ({plan.Parameters:N0} params)");
            var options = settings.Training with { Epochs = settings.TeacherEpochs ?? settings.Training.Epochs };
            var result = Train(plan, options, null, null, dir);
            return (Path.Combine(dir, Checkpoint.FileName), Row("teacher", options.Seed, plan, result, dir, plan.Parameters, null, null));
        }

        /// <summary>Per seed: the BlockSwap search and its winner, then the baselines, all trained with the same recipe and teacher.</summary>
        public BudgetReport Budget(long budget, ClassifierNetwork teacher, string teacherSource, long teacherParams)
        {
            var window = new BudgetWindow(budget, settings.Limits.Window);
            var budgetDir = Path.Combine(outDir, $"budget-{budget}");
            var moonshine = settings.Baselines.Contains(Baseline.Moonshine) ? MoonshineType(arch, window, settings.Limits.MaxMacs, settings.Limits.MaxLatencyMs, settings.Limits.MaxLatencyMs is null ? null : Latency) : null;
            var rows = new List<ReportRow>();
            IReadOnlyList<double> scores = [];
            double? winnerScore = null;
            IReadOnlyList<FrontPlacement> front = [];
            for (int s = 0; s < settings.Seeds; s++)
            {
                long seed = settings.Training.Seed + s;
                var options = settings.Training with { Seed = seed };
                // This seed's independent stages, in the order every rank numbers them; each runs where it is dealt.
                var stages = new List<Action> { SearchAndPick };
                if (moonshine is not null) stages.Add(Moonshine);
                if (settings.Baselines.Contains(Baseline.Random) && settings.RandomSeeds.Includes(seed, settings.Training.Seed)) stages.Add(Random);
                foreach (var stage in stages)
                    if (dealer.Deal()) stage();

                void SearchAndPick()
                {
                    var search = Search(budget, seed, Path.Combine(budgetDir, $"search-s{seed}"));
                    if (s == 0)
                    {
                        scores = search.Scores;
                        winnerScore = search.Best.Score;
                        if (reporting) front = Placements(search, moonshine, teacher);
                    }
                    Student("blockswap", new NetworkSpec(arch, search.Best.Candidate.Genotype, settings.Wrapper).ToPlan(), $"blockswap-s{seed}",
                        search.Candidates.Sum(c => c.Seconds), null);
                }

                void Moonshine() =>
                    Student("moonshine", NetworkSpec.Uniform(arch, moonshine!, settings.Wrapper).ToPlan(), $"moonshine-s{seed}", null, moonshine!.Name);

                void Random()
                {
                    var g = new CandidateSampler(arch).Sample(settings.Limits.ForBudget(budget), 1, Seeds.Derive(seed, "random-baseline", budget), settings.Wrapper,
                        settings.Limits.MaxLatencyMs is null ? null : Latency).Genotypes[0];
                    Student("random", new NetworkSpec(arch, g, settings.Wrapper).ToPlan(), $"random-s{seed}", null, "unranked sample from the window");
                }

                // Trains (or reuses) a network; its report row (which evaluates it) only when this pass reports.
                void Student(string method, NetworkPlan plan, string folder, double? searchSeconds, string? note)
                {
                    var dir = Path.Combine(budgetDir, folder);
                    progress.Stage(Finished(dir)
                        ? $"budget {budget:N0}, seed {seed}: reusing {method} [{plan.Genotype}] trained earlier in {dir}"
                        : $"budget {budget:N0}, seed {seed}: training {method} [{plan.Genotype}] ({plan.Parameters:N0} params) with attention transfer");
                    var r = Train(plan, options, teacher, teacherSource, dir);
                    if (reporting) rows.Add(Row(method, seed, plan, r, dir, teacherParams, searchSeconds, note));
                }
            }
            return new BudgetReport(budget, window.Lower, window.Upper, rows, moonshine?.Name, scores, winnerScore) { Front = front };
        }

        /// <summary>
        /// The BlockSwap pick, the Moonshine network and the teacher (when it has this architecture) against the search's
        /// candidates: each outside network is scored with the search's proxy, seed and batch size at indices past the
        /// candidate list (so with weights and a batch of its own) and its latency predicted with the same table.
        /// </summary>
        private IReadOnlyList<FrontPlacement> Placements(SearchResult search, BlockType? moonshine, ClassifierNetwork teacher)
        {
            var s = search.Settings;
            var c = search.Candidates;
            var others = new List<(string Method, NetworkPlan Plan)>();
            if (moonshine is not null) others.Add(("moonshine", NetworkSpec.Uniform(arch, moonshine, s.Wrapper).ToPlan()));
            if (teacher is BlockSwapNetwork own && own.Plan.Architecture.Equals(arch)) others.Add(("teacher", own.Plan));
            var loader = new BatchLoader(data.Train, s.BatchSize, s.Seed, device, layout: s.Layout);
            var scorer = new CandidateScorer(arch, s.Wrapper, s.Proxies, loader, s.Seed, s.SameBatch, device);
            var extra = others.Select((o, k) => scorer.Score(s.Samples + k, o.Plan.Genotype)).ToArray();
            var values = s.Ranking.Values(c.Select(x => x.Proxies).Concat(extra.Select(x => x.Proxies)).ToArray());
            var candidateScores = values[..c.Count];
            var front = ParetoFront.Of(candidateScores, c.Select(x => (double)x.Params).ToArray(), c.Select(x => (double)x.Macs).ToArray(),
                c.Select(x => x.PredictedLatencyMs ?? 0).ToArray());
            var best = search.Best.Candidate;
            var rows = new List<(string, NetworkPlan, double)> { ("blockswap", new NetworkSpec(arch, best.Genotype, s.Wrapper).ToPlan(), candidateScores[c.ToList().IndexOf(best)]) };
            rows.AddRange(others.Select((o, k) => (o.Method, o.Plan, values[c.Count + k])));
            return rows.Select(r =>
            {
                var (method, plan, score) = r;
                double latency = Latency.Predict(plan);
                var dominating = ParetoFront.Dominating(c, candidateScores, score, plan.Parameters, plan.Macs, latency)
                    .Where(d => method != "blockswap" || d.Index != best.Index).ToArray();
                var top = dominating.MaxBy(d => candidateScores[c.ToList().IndexOf(d)]);
                return new FrontPlacement(method, plan.Genotype.ToString(), score, plan.Parameters, plan.Macs, latency, front.Length, dominating.Length, top?.Index);
            }).ToArray();
        }

        private SearchResult Search(long budget, long seed, string dir)
        {
            var search = new SearchSettings
            {
                Architecture = arch, Limits = settings.Limits.ForBudget(budget), PredictLatency = true, Samples = settings.Samples, Ranking = settings.Ranking,
                BatchSize = settings.SearchBatchSize, Seed = seed, Wrapper = settings.Wrapper, Dataset = data.Name, Data = data.Fingerprint,
            };
            CheckReuse(dir, SearchSettings.FileName, () =>
            {
                var previous = SearchSettings.Load(dir);
                return previous.SameAs(search) ? null : Differences.Between(previous, search);
            });
            if (!File.Exists(Path.Combine(dir, "best.json"))) started();
            progress.Stage(File.Exists(Path.Combine(dir, "best.json")) && File.Exists(Path.Combine(dir, SearchSettings.FileName))
                ? $"budget {budget:N0}, seed {seed}: reusing or completing the search in {dir}"
                : $"budget {budget:N0}, seed {seed}: BlockSwap search over {settings.Samples} candidates");
            return progress.Search(settings.Samples, search.Ranking, p =>
                SearchRunner.Run(search, data, device, dir, resume: File.Exists(Path.Combine(dir, SearchSettings.FileName)), p, cancel));
        }

        private static bool Finished(string dir) => File.Exists(Path.Combine(dir, TrainingResult.FileName));

        /// <summary>
        /// A stage's folder is reused only when it was made with this run's settings; otherwise the run stops naming the
        /// difference, or, with <see cref="RunSettings.RedoChanged"/>, the stage starts afresh.
        /// </summary>
        private void CheckReuse(string dir, string marker, Func<string?> difference)
        {
            if (!File.Exists(Path.Combine(dir, marker))) return;
            var diff = difference();
            if (string.IsNullOrEmpty(diff)) return;
            if (!settings.RedoChanged)
                throw new BlockSwapException($"{dir} was made with other settings ({diff}); redo changed stages (--redo-changed) or use another output folder");
            progress.Stage($"redoing {dir}: its settings changed ({diff})");
            Directory.Delete(dir, recursive: true);
        }

        private TrainingResult Train(NetworkPlan plan, TrainingOptions options, ClassifierNetwork? teacher, string? teacherSource, string dir)
        {
            CheckReuse(dir, Checkpoint.FileName, () =>
            {
                var header = Checkpoint.ReadHeader(Path.Combine(dir, Checkpoint.FileName));
                return TrainingInputs.Differences(header, plan.Spec, options, data.Fingerprint, Trainer.TeacherDigest(teacherSource));
            });
            var resultPath = Path.Combine(dir, TrainingResult.FileName);
            if (File.Exists(resultPath)) return TrainingResult.Load(dir);
            started();
            bool resume = File.Exists(Path.Combine(dir, Checkpoint.FileName));
            return progress.Train(p => Trainer.Run(new TrainingJob(plan, data, options, device, dir) { Teacher = teacher, TeacherSource = teacherSource, Resume = resume, Progress = p, Cancel = cancel }));
        }
    }

    /// <summary>
    /// Every row's latency, measured together (<see cref="LatencyPanel"/>): each distinct network once, on a quiet
    /// moment after the trainings, so that rows can be compared with each other (a row timed alone once moved by half).
    /// </summary>
    private static (ReportRow Teacher, List<BudgetReport> Budgets) WithLatency(ReportRow teacherRow, ClassifierNetwork teacher, List<BudgetReport> budgets,
        Architecture arch, WrapperPolicy wrapper, InterleavedLatencySettings timing, CancellationToken cancel)
    {
        var plans = new Dictionary<string, NetworkPlan>();
        if (teacher is BlockSwapNetwork own) plans[teacherRow.Genotype] = own.Plan;
        foreach (var row in budgets.SelectMany(b => b.Rows))
            if (!plans.ContainsKey(row.Genotype)) plans[row.Genotype] = new NetworkSpec(arch, Genotype.Parse(row.Genotype), wrapper).ToPlan();
        var keys = plans.Keys.ToArray();
        var measured = LatencyPanel.Measure(keys.Select(k => plans[k]).ToArray(), timing, cancel);
        var byGenotype = keys.Select((k, i) => (k, measured[i])).ToDictionary(x => x.k, x => x.Item2);
        ReportRow With(ReportRow r) => byGenotype.TryGetValue(r.Genotype, out var l) ? r with { Latency = l, LatencyMs = l.Batch1.MedianMs } : r;
        return (With(teacherRow), budgets.Select(b => b with { Rows = b.Rows.Select(With).ToArray() }).ToList());
    }

    /// <summary>
    /// A trained network's report row, from the files a run commits (result.json, metrics.jsonl): no checkpoint is needed,
    /// so a report can be rebuilt where only those were kept. Its latency is measured later, with every other row's.
    /// </summary>
    private static ReportRow Row(string method, long seed, NetworkPlan plan, TrainingResult r, string dir, long teacherParams, double? searchSeconds, string? note)
    {
        return new ReportRow
        {
            Method = method, Seed = seed, Genotype = plan.Genotype.ToString(), Note = note, Params = plan.Parameters, Macs = plan.Macs,
            Compression = (double)teacherParams / plan.Parameters, Top1Error = r.TestTop1Error, Top5Error = r.TestTop5Error,
            SearchSeconds = searchSeconds, TrainSeconds = r.WallSeconds, Curve = MetricsFile.Load(dir).Select(m => m.TestError).ToArray(),
            Folder = dir, MadeOn = r.Provenance?.Arithmetic,
        };
    }
}
