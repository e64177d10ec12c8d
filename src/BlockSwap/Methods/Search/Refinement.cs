using System.Globalization;
using BlockSwap.Data;
using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Search;

/// <summary>
/// Successive halving over a search's best candidates (as Hyperband's inner loop): the top <see cref="RefineSettings.Top"/>
/// by the zero-cost score train for <see cref="RefineSettings.Epochs"/> epochs on the training split less a held-out
/// validation split; the better half by validation error (ties: the better zero-cost rank) trains
/// <see cref="RefineSettings.Epochs"/> more, starting from its weights; and so on until one is left. Every training is
/// an ordinary run folder (<c>refine/r{rung}-c{index}</c>), so an interrupted refinement resumes where it stopped;
/// under MPI the ranks share each rung's trainings.
/// </summary>
public static class Refinement
{
    public const string FolderName = "refine";
    public const string TableName = "rungs.csv";

    public static RefineResult Run(SearchResult search, RefineSettings settings, DataSplits data, Device device, string outDir, bool resume,
        ITrainingProgress? progress = null, Action<string>? stage = null, CancellationToken cancel = default, BlockSwap.Foundation.Distributed.ICommunicator? comm = null)
    {
        comm ??= BlockSwap.Foundation.Distributed.SingleProcess.Instance;
        settings.Validate();
        // Every rank refines the whole search: the others read the merged result rank 0 has written by now.
        comm.Barrier();
        if (!comm.IsRoot) search = SearchResult.Load(outDir);
        var (trainPart, validation) = data.HoldOut(settings.ValidationImagesFor(data.Train.Count), settings.TrainImages, settings.Seed);
        using var split = new DataSplits(trainPart, validation);
        settings = settings with { Data = split.Fingerprint };
        string dir = Path.Combine(outDir, FolderName);
        if (comm.IsRoot) Claim(settings, dir, resume);
        comm.Barrier();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ranked = Ranked(search).Take(settings.Top).ToArray();
        var rank = ranked.Select((c, i) => (c.Index, i)).ToDictionary(x => x.Index, x => x.i);
        var rows = new List<RefineRow>();
        var survivors = ranked;
        for (int rung = 0; survivors.Length > 1; rung++)
        {
            int epochs = settings.Epochs * (rung + 1);
            stage?.Invoke($"refine rung {rung + 1}: {Plural.Of(survivors.Length, "candidate")}, {Plural.Of(epochs, "epoch")} of training each");
            for (int k = comm.Rank; k < survivors.Length; k += comm.Size)
            {
                cancel.ThrowIfCancellationRequested();
                Train(search.Settings, settings, survivors[k], rung, split, device, dir, progress, cancel);
            }
            comm.Barrier();
            var errors = survivors.Select(c => TrainingResult.Load(RunFolder(dir, rung, c.Index)).TestTop1Error).ToArray();
            var order = Enumerable.Range(0, survivors.Length).OrderBy(i => errors[i]).ThenBy(i => rank[survivors[i].Index]).ToArray();
            int keep = (survivors.Length + 1) / 2;
            var kept = order.Take(keep).ToHashSet();
            rows.AddRange(Enumerable.Range(0, survivors.Length).Select(i =>
                new RefineRow(rung + 1, survivors[i].Index, rank[survivors[i].Index] + 1, survivors[i].Genotype, epochs, errors[i], kept.Contains(i))));
            survivors = order.Take(keep).Select(i => survivors[i]).ToArray();
        }
        var result = new RefineResult(settings, rows, survivors[0], rank[survivors[0].Index] + 1, watch.Elapsed.TotalSeconds);
        if (comm.IsRoot) result.Write(search, outDir);
        return result;
    }

    /// <summary>The search's candidates from best to worst zero-cost score (ties: the lower index first).</summary>
    public static IEnumerable<CandidateResult> Ranked(SearchResult search)
    {
        var scores = search.Scores;
        return Enumerable.Range(0, search.Candidates.Count).OrderByDescending(i => scores[i]).ThenBy(i => search.Candidates[i].Index).Select(i => search.Candidates[i]);
    }

    public static string RunFolder(string refineDir, int rung, int index) => Path.Combine(refineDir, $"r{rung + 1}-c{index:D4}");

    private static void Claim(RefineSettings settings, string dir, bool resume)
    {
        var file = Path.Combine(dir, RefineSettings.FileName);
        if (File.Exists(file))
        {
            var previous = RefineSettings.Load(dir);
            if (!resume)
                throw new BlockSwapException($"{dir} already holds a refinement; add --resume to continue it, or choose an empty output folder");
            if (previous != settings)
                throw new BlockSwapException($"cannot resume: {dir} holds a different refinement ({Differences.Between(previous, settings)}); use the same --refine options or another output folder");
        }
        Directory.CreateDirectory(dir);
        settings.Save(dir);
    }

    private static void Train(SearchSettings search, RefineSettings settings, CandidateResult candidate, int rung, DataSplits split, Device device, string dir,
        ITrainingProgress? progress, CancellationToken cancel)
    {
        var runDir = RunFolder(dir, rung, candidate.Index);
        if (File.Exists(Path.Combine(runDir, TrainingResult.FileName))) return;
        var plan = new NetworkSpec(search.Architecture, candidate.Genotype, search.Wrapper).ToPlan();
        var options = new TrainingOptions
        {
            Epochs = settings.Epochs, BatchSize = settings.BatchSize, Seed = settings.Seed,
            InitFrom = rung == 0 ? null : Path.Combine(RunFolder(dir, rung - 1, candidate.Index), Checkpoint.FileName),
        };
        Trainer.Run(new TrainingJob(plan, split, options, device, runDir) { Resume = File.Exists(Path.Combine(runDir, Checkpoint.FileName)), Progress = progress, Cancel = cancel });
    }
}

/// <summary>One candidate at one rung of <see cref="Refinement"/>.</summary>
/// <param name="ZeroCostRank">Its place in the zero-cost ranking (1 = the search's own pick).</param>
/// <param name="Epochs">Epochs trained in all, this rung included.</param>
public sealed record RefineRow(int Rung, int Index, int ZeroCostRank, Genotype Genotype, int Epochs, double ValidationError, bool Kept);

/// <summary>What successive halving chose, and the rungs that led to it.</summary>
public sealed record RefineResult(RefineSettings Settings, IReadOnlyList<RefineRow> Rows, CandidateResult Winner, int WinnerZeroCostRank, double Seconds)
{
    /// <summary>How many candidates each rung trained, ending with the survivor's 1.</summary>
    public IEnumerable<int> RungSizes() => Rows.GroupBy(r => r.Rung).Select(g => g.Count()).Append(1);

    /// <summary>Candidate <paramref name="index"/>'s last rung: where it left, or the last one for the survivor.</summary>
    public RefineRow LastRow(int index) => Rows.Last(r => r.Index == index);

    /// <summary>
    /// refine/rungs.csv, refine/best.json, and best.json/best.csv in the search folder for the survivor (the zero-cost
    /// pick stays in best-zero-cost.json), so that <c>train --genotype DIR/best.json</c> trains what the search chose.
    /// </summary>
    public void Write(SearchResult search, string outDir)
    {
        var dir = Path.Combine(outDir, Refinement.FolderName);
        var csv = new System.Text.StringBuilder("rung,index,zero_cost_rank,blocks,epochs,validation_error,kept\n");
        foreach (var r in Rows)
            csv.Append(CultureInfo.InvariantCulture, $"{r.Rung},{r.Index},{r.ZeroCostRank},\"{r.Genotype}\",{r.Epochs},{r.ValidationError:R},{(r.Kept ? 1 : 0)}\n");
        BlockSwap.Foundation.IO.AtomicFile.WriteAllText(Path.Combine(dir, Refinement.TableName), csv.ToString());
        var zeroCost = Path.Combine(outDir, "best.json");
        if (File.Exists(zeroCost) && GenotypeFile.Load(zeroCost).Proxy?.StartsWith("refine", StringComparison.Ordinal) != true)
            File.Copy(zeroCost, Path.Combine(outDir, "best-zero-cost.json"), overwrite: true);
        var plan = new NetworkSpec(search.Settings.Architecture, Winner.Genotype, search.Settings.Wrapper).ToPlan();
        var file = GenotypeFile.From(plan) with
        {
            Proxy = $"refine({search.Settings.Ranking.Name}, top {Settings.Top}, {Plural.Of(Settings.Epochs, "epoch")} per rung; " +
                    $"validation error {Rows.Last(r => r.Index == Winner.Index).ValidationError:F2} %)",
            Seed = search.Settings.Seed, Limits = search.Settings.Limits, Samples = search.Settings.Samples, Dataset = search.Settings.Dataset,
            ClassNames = File.Exists(zeroCost) ? GenotypeFile.Load(zeroCost).ClassNames : null,
        };
        file.Save(Path.Combine(dir, "best.json"));
        ReferenceCsv.WriteBest(Path.Combine(outDir, "best.csv"), Winner.Genotype, Winner.Proxies.TryGetValue(Scoring.FisherPotential.ProxyName, out var fisher) ? fisher : null);
        file.Save(zeroCost);
    }
}
