using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Study;

/// <summary>One entry of a study's candidate list: a sampled genotype, a Moonshine network inside the window, or a user's extra network.</summary>
public sealed record StudyEntry(int Index, Genotype Genotype, string? Moonshine, string? Extra = null);

/// <summary>The candidates of a study folder, in index order, with the settings that made them.</summary>
public sealed record StudyResult(StudySettings Settings, IReadOnlyList<StudyCandidate> Candidates, int ListLength)
{
    /// <summary>
    /// Whether enough sampled candidates finished to correlate (a shard may hold only Moonshine and extra networks:
    /// it then waits for the merge instead of failing).
    /// </summary>
    public bool CanAnalyse => Candidates.Count(c => c.IsSampled) >= StudyAnalysis.MinimumSampled;
}

/// <summary>
/// <c>blockswap study</c>: does the proxy's ranking predict trained error? Samples candidates in the budget window
/// (the search's seeded sampler) plus the Moonshine networks inside it, scores every proxy at several
/// initialisations, trains every candidate at several seeds on the training split less a held-out validation split,
/// and records validation error (for the correlations) and test error (reported only). Every candidate is its own
/// resumable stage under <c>candidates/cNNN</c>; shards take contiguous slices of the list.
/// </summary>
public static class StudyRunner
{
    public const string CandidatesFolder = "candidates";

    /// <summary>The study's candidate list: the sampled genotypes, then every Moonshine network whose count is inside the window, then the extra networks.</summary>
    public static IReadOnlyList<StudyEntry> Entries(StudySettings s, LatencyTable? latency = null)
    {
        var arch = s.Architecture;
        var window = new BudgetWindow(s.Budget, s.Limits.Window);
        var entries = new CandidateSampler(arch).Sample(s.Limits, s.Candidates, s.Seed, s.Wrapper, latency).Genotypes
            .Select((g, i) => new StudyEntry(i, g, null)).ToList();
        foreach (var type in BlockCatalogue.Sampled)
        {
            if (!arch.Positions.All(p => type.IsValid(p.In, p.Out) && type.IsValid(p.Out, p.Out))) continue;
            var spec = NetworkSpec.Uniform(arch, type);
            var built = (spec with { Policy = s.Wrapper }).ToPlan();
            if (window.Contains(spec.ToPlan().Parameters) && (s.Limits.MaxMacs is not { } max || built.Macs <= max) && (s.Limits.MaxLatencyMs is not { } l || latency!.Predict(built) <= l))
                entries.Add(new StudyEntry(entries.Count, spec.Genotype, type.Name));
        }
        foreach (var extra in s.Extras)
            entries.Add(new StudyEntry(entries.Count, extra.Genotype, null, extra.Label));
        return entries;
    }

    public static StudyResult Run(StudySettings settings, DataSplits data, Device device, string outDir, bool resume,
        IStudyProgress? progress = null, CancellationToken cancel = default) =>
        Run(settings, data, device, outDir, resume, progress, cancel, teacherOnly: false)!;

    /// <summary>
    /// A study spread over the ranks of a job (docs/distributed.md): rank 0 trains the teacher (when the study trains
    /// one) and every other rank copies it, then rank r runs slice r of the candidates in <c>OUT/ranks/rank{r}-of-{n}</c>,
    /// and rank 0 merges the slices into OUT. One rank: <see cref="Run(StudySettings, DataSplits, Device, string, bool, IStudyProgress?, CancellationToken)"/>.
    /// </summary>
    public static StudyResult Run(StudySettings settings, DataSplits data, Device device, string outDir, bool resume, BlockSwap.Foundation.Distributed.ICommunicator comm,
        IStudyProgress? progress = null, CancellationToken cancel = default)
    {
        if (comm.Size == 1) return Run(settings, data, device, outDir, resume, progress, cancel);
        // Rank 0 trains the teacher (when the study trains one) into shard 0's folder; every other rank copies it.
        bool trainsTeacher = settings.TeacherEpochs is not null;
        return BlockSwap.Foundation.Distributed.RankedJob.Run(comm, outDir, "study", settings.ShardCount,
            once: folder =>
            {
                if (settings.Limits.MaxLatencyMs is not null) LatencyTableCache.Default.GetOrMeasure(settings.Architecture, new LatencySetup(), MachineFingerprint.Current);
                if (trainsTeacher) Run(settings with { ShardIndex = 0, ShardCount = comm.Size }, data, device, folder, resume, progress, cancel, teacherOnly: true);
            },
            shard: (rank, ranks, folder) =>
            {
                var teacher = Path.Combine(folder, "teacher");
                if (rank != 0 && trainsTeacher && !File.Exists(Path.Combine(teacher, TrainingResult.FileName)))
                    CopyFolder(Path.Combine(BlockSwap.Foundation.Distributed.RankFolders.Of(outDir, 0, ranks), "teacher"), teacher);
                return Run(settings with { ShardIndex = rank, ShardCount = ranks }, data, device, folder, resume: resume || (rank == 0 && trainsTeacher), progress, cancel, teacherOnly: false)!;
            },
            merge: (folders, owned) => Merge(folders, outDir, owned));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static StudyResult? Run(StudySettings settings, DataSplits data, Device device, string outDir, bool resume,
        IStudyProgress? progress, CancellationToken cancel, bool teacherOnly)
    {
        settings.Validate();
        settings = settings with { Data = data.Fingerprint };
        var arch = settings.Architecture;
        DataShape.Check(data, arch.Shape, $"the study's {arch.Name}");
        using var folder = BlockSwap.Foundation.IO.OutputLock.Acquire(outDir, BlockSwap.Foundation.IO.ResultKind.Study);
        if (File.Exists(Path.Combine(outDir, StudySettings.FileName)))
        {
            if (!resume)
                throw new BlockSwapException($"{outDir} already holds a study; continue it with --resume, or choose an empty output folder");
            var previous = StudySettings.Load(outDir);
            if (!previous.SameStudyAs(settings) || previous.ShardIndex != settings.ShardIndex || previous.ShardCount != settings.ShardCount)
                throw new BlockSwapException($"cannot resume: {outDir} holds a different study ({Differences.Between(previous, settings)}); use the same settings or another output folder");
        }
        folder.Started();
        settings.Save(outDir);
        var latency = settings.Limits.MaxLatencyMs is null ? null : LatencyTableCache.Default.ForFolder(outDir, arch, new LatencySetup(), resume);
        latency?.Save(Path.Combine(outDir, LatencyTableCache.FolderCopy));

        var entries = Entries(settings, latency);
        int start = entries.Count * settings.ShardIndex / settings.ShardCount, end = entries.Count * (settings.ShardIndex + 1) / settings.ShardCount;
        var mine = entries.Skip(start).Take(end - start).ToArray();
        var (trainPart, validation) = data.HoldOut(settings.ValidationImages, settings.TrainImages, settings.Seed);
        using var split = new DataSplits(trainPart, validation);
        var (teacher, teacherSource) = Teacher(settings, split, device, outDir, progress);
        using var _ = teacher;
        if (teacherOnly) return null;

        var done = new List<StudyCandidate>();
        progress?.Started(mine.Length, mine.Count(e => StudyCandidate.TryLoad(Folder(outDir, e.Index)) is not null));
        foreach (var entry in mine)
        {
            cancel.ThrowIfCancellationRequested();
            var dir = Folder(outDir, entry.Index);
            var candidate = StudyCandidate.TryLoad(dir) ?? Candidate(settings, entry, split, data.Test, teacher, teacherSource, device, dir, progress, cancel);
            done.Add(candidate);
            progress?.CandidateDone(candidate, done.Count, mine.Length);
        }
        return new StudyResult(settings, done, entries.Count);
    }

    public static string Folder(string outDir, int index) => Path.Combine(outDir, CandidatesFolder, $"c{index:D3}");

    /// <summary>The given teacher, one trained here on the study's training split, or none.</summary>
    private static (BlockSwapNetwork? Network, string? Source) Teacher(StudySettings s, DataSplits split, Device device, string outDir, IStudyProgress? progress)
    {
        if (s.Teacher is { } given) return (TeacherLoader.Load(given, s.Architecture, device), given);
        if (s.TeacherEpochs is not { } epochs) return (null, null);
        var dir = Path.Combine(outDir, "teacher");
        var checkpoint = Path.Combine(dir, Checkpoint.FileName);
        if (!File.Exists(Path.Combine(dir, TrainingResult.FileName)))
        {
            progress?.Stage($"teacher: training the all-Conv {s.Architecture.Name} for {Plural.Of(epochs, "epoch")} on the study's training split");
            Trainer.Run(new TrainingJob(NetworkSpec.Teacher(s.Architecture).ToPlan(), split, s.Training with { Epochs = epochs }, device, dir) { Resume = File.Exists(checkpoint), Progress = progress?.Training });
        }
        return (Checkpoint.LoadNetwork(checkpoint, device).Network, checkpoint);
    }

    /// <summary>One candidate's stage: proxy scores at every initialisation seed, then every training; candidate.json marks it done.</summary>
    private static StudyCandidate Candidate(StudySettings s, StudyEntry entry, DataSplits split, Dataset test, ClassifierNetwork? teacher,
        string? teacherSource, Device device, string dir, IStudyProgress? progress, CancellationToken cancel)
    {
        Directory.CreateDirectory(dir);
        var plan = new NetworkSpec(s.Architecture, entry.Genotype, s.Wrapper).ToPlan();
        var kind = entry.Moonshine is { } m ? $" (Moonshine {m})" : entry.Extra is { } x ? $" (extra {x})" : "";
        progress?.Stage($"candidate {entry.Index}{kind}: [{entry.Genotype}], {plan.Parameters:N0} params");
        var scores = new List<IReadOnlyDictionary<string, double>>();
        for (int i = 0; i < s.InitSeeds; i++)
        {
            long seed = Seeds.Derive(s.Seed, "study-init", i);
            var loader = new BatchLoader(split.Train, s.ScoreBatchSize, seed, device, layout: SearchSettings.DefaultLayout);
            scores.Add(new CandidateScorer(s.Architecture, s.Wrapper, s.Proxies, loader, seed, s.SharedBatch ?? false, device).Score(entry.Index, entry.Genotype).Proxies);
        }
        var trainings = new List<StudyTraining>();
        for (int t = 0; t < s.TrainSeeds; t++)
        {
            var options = s.Training with { Seed = s.Training.Seed + t };
            var runDir = Path.Combine(dir, $"train-s{options.Seed}");
            var checkpoint = Path.Combine(runDir, Checkpoint.FileName);
            var result = Trainer.Run(new TrainingJob(plan, split, options, device, runDir) { Teacher = teacher, TeacherSource = teacherSource, Resume = File.Exists(checkpoint), Progress = progress?.Training, Cancel = cancel });
            var (net, _) = Checkpoint.LoadNetwork(checkpoint, device);
            double testError;
            using (net) testError = Evaluator.Evaluate(net, test, device).Top1Error;
            trainings.Add(new StudyTraining(options.Seed, result.TestTop1Error, testError, result.WallSeconds));
        }
        var candidate = new StudyCandidate
        {
            Index = entry.Index, Genotype = entry.Genotype, Moonshine = entry.Moonshine, Extra = entry.Extra, Params = plan.Parameters, Macs = plan.Macs,
            Scores = scores, Trainings = trainings,
        };
        candidate.Save(dir);
        return candidate;
    }

    /// <summary>Combines the candidate stages of shard folders of one study into <paramref name="outDir"/>.</summary>
    /// <param name="owned">The lock on <paramref name="outDir"/> when the caller (an MPI job's rank 0) already holds it.</param>
    public static StudyResult Merge(IReadOnlyList<string> shardDirs, string outDir, BlockSwap.Foundation.IO.OutputLock? owned = null)
    {
        var settings = Search.Shards.Load(shardDirs, "study", StudySettings.Load, s => s with { ShardIndex = 0, ShardCount = 1 }, (a, b) => a.SameStudyAs(b),
            s => (s.ShardIndex, s.ShardCount));
        var merged = settings[0] with { ShardIndex = 0, ShardCount = 1 };
        Search.Shards.CheckNotAShard(outDir, shardDirs);
        int entries = Entries(merged, merged.Limits.MaxLatencyMs is null ? null : LatencyTableCache.Default.ForFolder(shardDirs[0], merged.Architecture, new LatencySetup(), resume: true)).Count;
        var candidates = new SortedDictionary<int, StudyCandidate>();
        for (int i = 0; i < shardDirs.Count; i++)
        {
            var root = Path.Combine(shardDirs[i], CandidatesFolder);
            var own = Directory.Exists(root) ? Directory.GetDirectories(root).Select(StudyCandidate.TryLoad).OfType<StudyCandidate>().ToArray() : [];
            var (index, count) = (settings[i].ShardIndex, settings[i].ShardCount);
            Search.Shards.CheckSlice(shardDirs[i], index, count, entries * index / count, entries * (index + 1) / count, own.Select(c => c.Index).ToArray(), "candidates");
            foreach (var c in own) candidates.TryAdd(c.Index, c);
        }
        if (candidates.Count == 0) throw new BlockSwapException("merge: the study folders hold no finished candidates");
        using var folder = Search.Shards.Claim(outDir, StudySettings.FileName, owned, StudySettings.Load, s => s.SameStudyAs(merged), "study");
        merged.Save(outDir);
        foreach (var c in candidates.Values)
        {
            var dir = Folder(outDir, c.Index);
            Directory.CreateDirectory(dir);
            c.Save(dir);
        }
        return new StudyResult(merged, candidates.Values.ToArray(), entries);
    }
}
