using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Faults;

/// <summary>
/// A result knows what it was made from: the data's fingerprint is recorded and compared on every resume, stage reuse
/// and merge, and a merge takes each shard of one job exactly once.
/// </summary>
public class FingerprintTests
{
    private static string Temp() => Scratch.Folder("bs-fingerprint-");

    [Fact]
    public void Fingerprint_FollowsTheContent_NotTheName()
    {
        using var a = SyntheticData.Create(10, 1, 12, 64, 32, seed: 4);
        using var b = SyntheticData.Create(10, 1, 12, 64, 32, seed: 4);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        using (no_grad()) b.Train.Images[5, 0, 3, 3] = b.Train.Images[5, 0, 3, 3] + 1;   // one pixel of one image
        var changed = new DataSplits(b.Train, b.Test).Fingerprint;
        Assert.Equal(a.Fingerprint.Name, changed.Name);
        Assert.NotEqual(a.Fingerprint.Digest, changed.Digest);
        Assert.Contains("data: ", DataFingerprint.Change(a.Fingerprint, changed));
        Assert.Null(DataFingerprint.Change(null, changed));                                 // a result from before fingerprints
        var held = a.HoldOut(10, null, seed: 1);
        using var split = new DataSplits(held.Train, held.Validation);
        Assert.Equal(54, split.Fingerprint.TrainImages);                                    // what was used, after the hold-out
    }

    [Fact]
    public void TrainResume_OnOtherData_IsRefused_NamingTheData()
    {
        using var data = SyntheticData.Create(10, 1, 12, 64, 32, seed: 4);
        using var other = SyntheticData.Create(10, 1, 12, 32, 32, seed: 4);
        var arch = Architecture.WideResNet(10, 1, classes: 10, inChannels: 1, inputSize: 12);
        var plan = NetworkSpec.Teacher(arch).ToPlan();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, Seed = 9, Lr = 0.05 };
        var dir = Temp();
        Trainer.Run(new TrainingJob(plan, data, options with { Epochs = 1 }, CPU, dir));
        var e = Assert.Throws<BlockSwapException>(() => Trainer.Run(new TrainingJob(plan, other, options with { Epochs = 1 }, CPU, dir) { Resume = true }));
        Assert.Contains("data: ", e.Message);
        Assert.Contains("64 training", e.Message);
        Assert.Contains("32 training", e.Message);
    }

    private static SearchSettings Search(int shard = 0, int shards = 1) => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16),
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000, Window = 0.1 }, Samples = 4, BatchSize = 16, Seed = 11, Dataset = "synthetic", ShardIndex = shard, ShardCount = shards,
    };

    [Fact]
    public void SearchResume_OnOtherData_IsRefused_AndMergesTakeEveryShardOnce()
    {
        using var data = SyntheticData.Create(10, 3, 16, 64, 16, seed: 2);
        using var other = SyntheticData.Create(10, 3, 16, 64, 16, seed: 3);
        var dir = Temp();
        SearchRunner.Run(Search(), data, CPU, dir, resume: false);
        var e = Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Search(), other, CPU, dir, resume: true));
        Assert.Contains("data", e.Message);

        var s0 = Temp();
        var s1 = Temp();
        var s1Other = Temp();
        SearchRunner.Run(Search(0, 2), data, CPU, s0, resume: false);
        SearchRunner.Run(Search(1, 2), data, CPU, s1, resume: false);
        SearchRunner.Run(Search(1, 2), other, CPU, s1Other, resume: false);
        Assert.Contains("missing", Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0], Temp())).Message);
        Assert.Contains("each shard once", Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s0], Temp())).Message);
        Assert.Contains("different search", Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s1Other], Temp())).Message);
        var s3 = Temp();
        SearchRunner.Run(Search(0, 3), data, CPU, s3, resume: false);
        Assert.Contains("one of 2", Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s3], Temp())).Message);
        // A folder holding another finished search is not replaced by a merge.
        var finished = Temp();
        SearchRunner.Run(Search() with { Seed = 12 }, data, CPU, finished, resume: false);
        Assert.Contains("another search", Assert.Throws<BlockSwapException>(() => SearchRunner.Merge([s0, s1], finished)).Message);
        SearchRunner.Merge([s0, s1], Temp());
    }
}

/// <summary>A job writes into a folder only once it owns it: checks first, then the lock, then files.</summary>
[Trait("Category", TestCategories.Process)]
public class OwnershipTests
{
    private static string Temp() => Scratch.Folder("bs-own-");

    private static (int Code, string Err) Cli(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "blockswap.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000));
        return (p.ExitCode, err.Result);
    }

    [Fact]
    public void RefusedJobs_WriteNothing()
    {
        // An unreachable budget is refused before the folder is owned: no config.json is left behind.
        var unused = Path.Combine(Temp(), "out");
        var (code, _) = Cli("search", "--arch", "wrn-10-1", "--budget", "5m", "--samples", "1", "--dataset", "synthetic", "-o", unused);
        Assert.Equal(2, code);
        Assert.False(File.Exists(Path.Combine(unused, "config.json")));

        // A job refused by another job's lock leaves that job's config.json as it was.
        var busy = Temp();
        File.WriteAllText(Path.Combine(busy, "config.json"), "{\"epochs\": 7}\n");
        using (BlockSwap.Foundation.IO.OutputLock.Acquire(busy))
        {
            var (code2, err) = Cli("train", "--arch", "wrn-10-1", "--epochs", "1", "--dataset", "synthetic", "-o", busy);
            Assert.Equal(2, code2);
            Assert.Contains("in use by another blockswap job", err);
        }
        Assert.Equal("{\"epochs\": 7}\n", File.ReadAllText(Path.Combine(busy, "config.json")));
    }

    [Fact]
    public void RankFoldersOfAnotherJobSize_AreRefused()
    {
        var dir = Temp();
        Directory.CreateDirectory(BlockSwap.Foundation.Distributed.RankFolders.Of(dir, 0, 2));
        BlockSwap.Foundation.Distributed.RankFolders.CheckRankCount(dir, 2);
        Assert.Contains("2-rank job", Assert.Throws<BlockSwapException>(() => BlockSwap.Foundation.Distributed.RankFolders.CheckRankCount(dir, 3)).Message);
    }
}

public class DifferencesTests
{
    private sealed record Inner(int Epochs, double Lr);
    private sealed record Outer(string Name, Inner Training, int[] Seeds);

    [Fact]
    public void NestedRecords_NameOnlyTheFieldsThatDiffer()
    {
        var a = new Outer("s", new Inner(4, 0.1), [1, 2]);
        var b = new Outer("s", new Inner(4, 0.05), [1, 2]);
        Assert.Equal("training lr 0.1 → 0.05", Differences.Between(a, b));
        Assert.Equal("", Differences.Between(a, a with { Seeds = [1, 2] }));
        Assert.Equal("seeds [1,2] → [1,3]", Differences.Between(a, a with { Seeds = [1, 3] }));
    }
}
