using System.Diagnostics;
using System.Text.Json.Nodes;
using BlockSwap.Foundation.Distributed;
using BlockSwap.Methods.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Distributed;

/// <summary>
/// Jobs of two ranks launched by Open MPI's mpirun on loopback (.ci/run installs openmpi-bin), compared with the
/// same command in one process at the same thread count.
/// </summary>
[Trait("Category", TestCategories.Mpi)]
public class MpiTests(ITestOutputHelper output)
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "blockswap.dll");

    private static (int Code, string Out, string Err) Start(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), $"{file} did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static (int Code, string Out, string Err) One(params string[] args) => Start("dotnet", [Tool, .. args]);

    private static (int Code, string Out, string Err) Two(params string[] args)
    {
        var mpirun = new[] { "/usr/bin/mpirun", "/usr/local/bin/mpirun" }.FirstOrDefault(File.Exists);
        Skip.If(mpirun is null && TestCategories.MaySkip, "mpirun not found: install Open MPI's runtime (apt install openmpi-bin) to run the MPI tests");
        Assert.True(mpirun is not null, "mpirun not found: install Open MPI's runtime (apt install openmpi-bin); .ci/run does");
        return Start(mpirun!, ["--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "-x", "TERM=dumb", "-np", "2", "dotnet", Tool, .. args]);
    }

    private static string Temp() => Scratch.Folder("bs-mpi-");

    private static string[] CsvWithoutTiming(string path) =>
        File.ReadAllLines(path).Select(l => l[..l.LastIndexOf(',')]).ToArray(); // the last column is seconds

    [SkippableFact]
    public void Search_OnTwoRanks_WritesWhatOneProcessWrites()
    {
        var dir = Temp();
        string[] args = ["search", "--arch", "wrn-10-1", "--budget", "20k", "--window", "0.2", "--samples", "7", "--dataset", "synthetic", "-j", "1", "--proxy", "all"];
        var one = One([.. args, "-o", Path.Combine(dir, "one")]);
        Assert.Equal(0, one.Code);
        var two = Two([.. args, "-o", Path.Combine(dir, "two")]);
        Assert.True(two.Code == 0, two.Err);
        Assert.Equal(CsvWithoutTiming(Path.Combine(dir, "one", "candidates.csv")), CsvWithoutTiming(Path.Combine(dir, "two", "candidates.csv")));
        foreach (var f in new[] { "best.json", "best.csv", "search.json" })
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "one", f)), File.ReadAllText(Path.Combine(dir, "two", f)));
        // Each rank scored its own slice in its own resumable folder; only rank 0 printed.
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "two", "ranks", "rank0-of-2", "candidates.csv")).Length - 1);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, "two", "ranks", "rank1-of-2", "candidates.csv")).Length - 1);
        Assert.Single(two.Out.Split('\n'), l => l.StartsWith("best: "));
        // Resuming the finished job changes nothing.
        var again = Two([.. args, "-o", Path.Combine(dir, "two"), "--resume"]);
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "one", "best.json")), File.ReadAllText(Path.Combine(dir, "two", "best.json")));
    }

    [SkippableFact]
    public void SearchWithInitsAndRefine_OnTwoRanks_WritesWhatOneProcessWrites()
    {
        var dir = Temp();
        string[] args = ["search", "--arch", "wrn-10-1", "--budget", "20k", "--window", "0.2", "--samples", "6", "--dataset", "synthetic", "-j", "1",
            "--inits", "2", "--refine", "3", "--refine-val-images", "64"];
        var one = One([.. args, "-o", Path.Combine(dir, "one")]);
        Assert.True(one.Code == 0, one.Err);
        var two = Two([.. args, "-o", Path.Combine(dir, "two")]);
        Assert.True(two.Code == 0, two.Err);
        Assert.Equal(CsvWithoutTiming(Path.Combine(dir, "one", "candidates.csv")), CsvWithoutTiming(Path.Combine(dir, "two", "candidates.csv")));
        foreach (var f in new[] { "best.json", "best-zero-cost.json", "best.csv", Path.Combine("refine", "rungs.csv"), Path.Combine("refine", "refine.json") })
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "one", f)), File.ReadAllText(Path.Combine(dir, "two", f)));
        Assert.Single(two.Out.Split('\n'), l => l.StartsWith("refine: 3 → 2 → 1 candidates"));
    }

    [SkippableFact]
    public void Run_OnTwoRanks_SplitsStagesAndReportsWhatOneProcessReports()
    {
        var dir = Temp();
        string[] args = ["run", "--arch", "wrn-10-1", "--budgets", "20k", "--samples", "4", "--epochs", "1", "--dataset", "synthetic", "-j", "1"];
        Assert.Equal(0, One([.. args, "-o", Path.Combine(dir, "one")]).Code);
        var two = Two([.. args, "-o", Path.Combine(dir, "two")]);
        Assert.True(two.Code == 0, two.Err);
        Assert.Equal(Comparable(Path.Combine(dir, "one", "report.json")), Comparable(Path.Combine(dir, "two", "report.json")));
        Assert.True(File.Exists(Path.Combine(dir, "two", "budget-20000", "random-s1", TrainingResult.FileName)));
        // Rank 1's stages show in the job's log, on standard error with its rank; its standard output stays silent.
        var rank1 = two.Err.Split('\n').Where(l => l.StartsWith("rank 1: ", StringComparison.Ordinal)).ToArray();
        Assert.Contains(rank1, l => l.Contains("budget 20,000, seed 1: training "));
        Assert.Contains(rank1, l => l.Contains("epoch    1/1") && l.Contains("test err"));
        Assert.DoesNotContain(two.Out.Split('\n'), l => l.StartsWith("rank 1: ", StringComparison.Ordinal));
        // The data's caution is the same on every rank: printed once.
        Assert.Single(two.Err.Split('\n'), l => l.Contains("warning: data: SYNTHETIC"));
        // Rank 0's lines reach the log whole: the launcher's terminal is 80 columns wide, an epoch line is longer.
        Assert.Contains(two.Out.Split('\n'), l => l.StartsWith("epoch ", StringComparison.Ordinal) && l.Contains("test err") && l.TrimEnd().EndsWith("img/s", StringComparison.Ordinal));
    }

    /// <summary>A report without what differs between runs by nature: timings, measured latency (and its ratios), folders.</summary>
    private static string Comparable(string path)
    {
        static JsonNode? Strip(JsonNode? n)
        {
            if (n is JsonObject o)
                foreach (var key in o.Select(kv => kv.Key).ToArray())
                    if (key.Contains("econds") || key.StartsWith("latency", StringComparison.Ordinal) || key.EndsWith("Ms", StringComparison.Ordinal) || key is "folder" or "imagesPerSecond") o.Remove(key);
                    else Strip(o[key]);
            if (n is JsonArray a) foreach (var x in a) Strip(x);
            return n;
        }
        return Strip(JsonNode.Parse(File.ReadAllText(path)))!.ToJsonString();
    }

    [SkippableFact]
    public void Train_OnTwoRanks_EqualsOneProcessWithTwoMicroBatches()
    {
        var dir = Temp();
        string[] args = ["train", "--arch", "wrn-10-1", "--epochs", "2", "--dataset", "synthetic", "-j", "1", "--lr", "0.05"];
        Assert.Equal(0, One([.. args, "--micro-batches", "2", "-o", Path.Combine(dir, "micro")]).Code);
        var two = Two([.. args, "-o", Path.Combine(dir, "two")]);
        Assert.True(two.Code == 0, two.Err);
        var (a, _) = Checkpoint.LoadNetwork(Path.Combine(dir, "micro"), CPU);
        var (b, _) = Checkpoint.LoadNetwork(Path.Combine(dir, "two"), CPU);
        using (a)
        using (b)
        {
            double max = a.named_parameters().Zip(b.named_parameters()).Max(x => (x.First.parameter - x.Second.parameter).abs().max().item<float>());
            output.WriteLine($"max |weight difference| after 2 epochs, 2 ranks against 2 micro-batches: {max:E2}");
            Assert.True(max < 1e-4, $"weights differ by {max}");
        }
        Assert.Equal(0, One([.. args, "-o", Path.Combine(dir, "plain")]).Code);
        var (c, _) = Checkpoint.LoadNetwork(Path.Combine(dir, "plain"), CPU);
        using (c)
        using (var d = Checkpoint.LoadNetwork(Path.Combine(dir, "two"), CPU).Network)
            output.WriteLine($"max |weight difference| against one process with whole batches (BN over 128, not 2 × 64): " +
                             $"{c.named_parameters().Zip(d.named_parameters()).Max(x => (x.First.parameter - x.Second.parameter).abs().max().item<float>()):E2}");
        // Only rank 0 wrote outputs, and the metrics' training loss is the whole batch's.
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "two", "metrics.jsonl")).Length);
    }

    [SkippableFact]
    public void Study_OnTwoRanks_WithATeacherTrainedOnce_ReportsWhatOneProcessReports()
    {
        var dir = Temp();
        string[] args = ["study", "--arch", "wrn-10-1", "--dataset", "synthetic", "--budget", "20k", "--window", "0.2", "--candidates", "3", "--init-seeds", "1",
            "--train-seeds", "1", "--epochs", "1", "--teacher-epochs", "1", "--validation-images", "64", "-j", "1"];
        var one = One([.. args, "-o", Path.Combine(dir, "one")]);
        Assert.True(one.Code == 0, one.Err);
        var two = Two([.. args, "-o", Path.Combine(dir, "two")]);
        Assert.True(two.Code == 0, two.Err);
        static string Candidates(string d) => JsonNode.Parse(File.ReadAllText(Path.Combine(d, "report.json")))!["candidates"]!.AsArray()
            .Select(c => { c!["trainings"]!.AsArray().ToList().ForEach(t => t!.AsObject().Remove("seconds")); return c.ToJsonString(); }).Aggregate((a, b) => a + b);
        Assert.Equal(Candidates(Path.Combine(dir, "one")), Candidates(Path.Combine(dir, "two")));
        // Rank 0 trained the teacher; rank 1 copied it rather than training its own.
        Assert.True(File.Exists(Path.Combine(dir, "two", "ranks", "rank1-of-2", "teacher", TrainingResult.FileName)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "two", "ranks", "rank0-of-2", "teacher", "model.pt")),
            File.ReadAllBytes(Path.Combine(dir, "two", "ranks", "rank1-of-2", "teacher", "model.pt")));
    }

    [SkippableFact]
    public void AJobOnAFolderAnotherJobHolds_IsRefused_BeforeWritingAnything()
    {
        var dir = Path.Combine(Temp(), "out");
        using (BlockSwap.Foundation.IO.OutputLock.Acquire(dir))
        {
            var two = Two("search", "--arch", "wrn-10-1", "--budget", "20k", "--window", "0.2", "--samples", "4", "--dataset", "synthetic", "-j", "1", "-o", dir);
            Assert.Equal(2, two.Code);
            Assert.Contains("in use by another blockswap job", two.Err);
        }
        Assert.Equal([".blockswap.lock"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void AnErrorOnTheRanks_StopsTheJob_PrintedOnce()
    {
        var r = Two("count", "--arch", "wrn-10-1", "--uniform", "Bogus");
        Assert.Equal(2, r.Code);
        Assert.Single(r.Err.Split('\n'), l => l.Contains("error: unknown block type 'Bogus'"));
    }

    [SkippableFact]
    public void ALauncherWhoseLibraryDoesNotSeeIt_IsAClearError()
    {
        // Open MPI's variables without its launcher: the library starts a singleton, which sees 1 process, not 2.
        var r = Start("dotnet", [Tool, "count", "--arch", "wrn-10-1", "--uniform", "Conv"], new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2" });
        Assert.Equal(2, r.Code);
        Assert.Contains("started 2 processes but libmpi.so.40 sees 1", r.Err);
        var missing = Start("dotnet", [Tool, "count", "--arch", "wrn-10-1", "--uniform", "Conv"],
            new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2", ["BLOCKSWAP_MPI_LIB"] = "/nonexistent/libmpi.so" });
        Assert.Equal(2, missing.Code);
        Assert.Contains("no MPI library loads", missing.Err);
    }

    [SkippableFact]
    public void WithoutALauncher_NoMpiLibraryIsLoaded()
    {
        Assert.Null(Cluster.DetectLauncher(_ => null));
        Assert.Equal(("Open MPI's mpirun", 4), Cluster.DetectLauncher(k => k == "OMPI_COMM_WORLD_SIZE" ? "4" : null));
        Assert.Equal(("a PMIx launcher (srun --mpi=pmix)", 8), Cluster.DetectLauncher(k => k switch { "PMIX_RANK" => "0", "SLURM_STEP_NUM_TASKS" => "8", _ => null }));
        using var comm = Cluster.Connect();
        Assert.Same(SingleProcess.Instance, comm);
        Assert.DoesNotContain(File.ReadLines("/proc/self/maps"), l => l.Contains("libmpi"));
        // The tool never even looks for the library: a bogus override changes nothing.
        var r = Start("dotnet", [Tool, "count", "--arch", "wrn-10-1", "--uniform", "Conv"], new Dictionary<string, string> { ["BLOCKSWAP_MPI_LIB"] = "/nonexistent/libmpi.so" });
        Assert.Equal(0, r.Code);
    }

    [SkippableFact]
    public void BatchSplit_CoversTheBatchOnce()
    {
        var parts = new BatchSplit(SingleProcess.Instance, 3).Mine(10).ToArray();
        Assert.Equal(new[] { (0, 3), (3, 3), (6, 4) }, parts);
        Assert.Equal(new[] { (0, 0), (0, 1) }, new BatchSplit(SingleProcess.Instance, 2).Mine(1).ToArray());
    }
}
