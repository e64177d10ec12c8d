using System.Diagnostics;
using BlockSwap.Data;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Faults;

/// <summary>Nothing lost, nothing silently wrong: tampered tables, shared folders, damaged checkpoints, kills and signals.</summary>
[Trait("Category", TestCategories.Process)]
public class FaultTests
{
    private static string Temp() => Scratch.Folder("bs-fault-");
    private static DataSplits Data() => SyntheticData.Create(10, 3, 16, 64, 16, seed: 2);

    private static SearchSettings Search(int samples = 4) => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16),
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000, Window = 0.1 }, Samples = samples, BatchSize = 16, Seed = 11, Dataset = "synthetic",
    };

    [Theory]
    [InlineData("outside")]
    [InlineData("duplicate")]
    [InlineData("genotype")]
    [InlineData("params")]
    public void SearchResume_RefusesARowTheSearchWouldNotHaveWritten(string tamper)
    {
        using var data = Data();
        var dir = Temp();
        SearchRunner.Run(Search(2), data, CPU, dir, resume: false);
        var table = Path.Combine(dir, CandidateTable.FileName);
        var lines = File.ReadAllLines(table).ToList();
        // A row is index,"blocks",params,macs,...: the blocks field is quoted.
        int open = lines[1].IndexOf('"'), close = lines[1].IndexOf('"', open + 1);
        string index = lines[1][..(open - 1)], blocks = lines[1][open..(close + 1)];
        var rest = lines[1][(close + 2)..].Split(',');
        string Row(string i, string b, string[] r) => $"{i},{b},{string.Join(',', r)}";
        switch (tamper)
        {
            case "outside": lines.Add(Row("99", blocks, rest)); break;
            case "duplicate": lines.Add(lines[1]); break;
            case "genotype": lines[1] = Row(index, "\"Conv,Conv,Conv\"", rest); break;
            case "params": rest[0] = "12345"; lines[1] = Row(index, blocks, rest); break;
        }
        File.WriteAllLines(table, lines);
        var e = Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Search(2), data, CPU, dir, resume: true));
        Assert.Contains("data row", e.Message);
        Assert.Contains(table, e.Message);
    }

    [Fact]
    public void MalformedRow_IsNamed_AndResumeDropsOnlyThatRow_AndScoresItAgain()
    {
        using var data = Data();
        var dir = Temp();
        var first = SearchRunner.Run(Search(3), data, CPU, dir, resume: false);
        var table = Path.Combine(dir, CandidateTable.FileName);
        var lines = File.ReadAllLines(table);
        var damaged = lines.ToArray();
        damaged[2] = damaged[2].Replace(",", ";");           // the second data row, as a careless edit leaves it
        File.WriteAllLines(table, damaged);
        var names = first.Settings.Proxies.Select(p => p.Name).ToArray();

        var e = Assert.Throws<BlockSwapException>(() => CandidateTable.Read(table, names));
        Assert.Contains($"{table}: line 3 is malformed", e.Message);
        Assert.Contains("search --resume drops it", e.Message);

        var warnings = new List<string>();
        var again = SearchRunner.Run(Search(3), data, CPU, dir, resume: true, progress: new Warnings(warnings));
        Assert.Equal([$"{table}: line 3 is malformed ('{damaged[2][..57]}...'): dropped; its candidate is scored again"], warnings);
        Assert.Equal(first.Candidates.Select(c => (c.Index, c.Proxies["fisher"])).Order(), again.Candidates.Select(c => (c.Index, c.Proxies["fisher"])).Order());
        Assert.Equal(4, File.ReadAllLines(table).Length);    // the header and three rows, none malformed
    }

    private sealed class Warnings(List<string> into) : ISearchProgress
    {
        public void Started(int toScore, int alreadyScored) => Assert.Equal((1, 2), (toScore, alreadyScored));
        public void Scored(CandidateResult result) { }
        public void Warning(string message) => into.Add(message);
    }

    [Fact]
    public void OutputFolder_IsLockedForTheWholeJob_AndLeftoverTemporaryFilesAreCleared()
    {
        using var data = Data();
        var dir = Temp();
        var leftover = Path.Combine(dir, ".best.4242.abc.tmp.json");
        File.WriteAllText(leftover, "half");
        using (OutputLock.Acquire(dir))
        {
            Assert.False(File.Exists(leftover));
            var e = Assert.Throws<BlockSwapException>(() => SearchRunner.Run(Search(1), data, CPU, dir, resume: false));
            Assert.Contains("in use by another blockswap job", e.Message);
        }
        SearchRunner.Run(Search(1), data, CPU, dir, resume: false);
        var file = Path.Combine(Temp(), "a-file");
        File.WriteAllText(file, "");
        Assert.Contains("existing file", Assert.Throws<BlockSwapException>(() => OutputLock.Acquire(file)).Message);
    }

    [Fact]
    public void DamagedCheckpoint_IsRefused_AndAbsurdLengthsAreBoundedBeforeAllocating()
    {
        using var data = SyntheticData.Create(10, 1, 12, 64, 16, seed: 4);
        var dir = Temp();
        var plan = NetworkPlan.Uniform(Architecture.WideResNet(10, 1, 10, 1, 12), BlockSwap.Description.Blocks.BlockCatalogue.Get("Conv"));
        Trainer.Run(new TrainingJob(plan, data, new TrainingOptions { Epochs = 1, BatchSize = 32 }, CPU, dir));
        var path = Path.Combine(dir, Checkpoint.FileName);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("checksum mismatch", Assert.Throws<BlockSwapException>(() => Checkpoint.ReadHeader(path)).Message);
        // A file of the unchecked format whose header claims 2 GB.
        File.WriteAllBytes(path, "BSCKPT02"u8.ToArray().Concat(BitConverter.GetBytes(2_000_000_000)).ToArray());
        Assert.Contains("header 2000000000 is impossible", Assert.Throws<BlockSwapException>(() => Checkpoint.ReadHeader(path)).Message);
    }

    [Fact]
    public void OversizedCutout_IsRefused()
    {
        using var data = SyntheticData.Create(10, 1, 12, 64, 16, seed: 4);
        var plan = NetworkPlan.Uniform(Architecture.WideResNet(10, 1, 10, 1, 12), BlockSwap.Description.Blocks.BlockCatalogue.Get("Conv"));
        var e = Assert.Throws<BlockSwapException>(() => Trainer.Run(new TrainingJob(plan, data, new TrainingOptions { Epochs = 1, Cutout = 40 }, CPU, Temp())));
        Assert.Contains("erase the whole 12-pixel image", e.Message);
    }

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "blockswap.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static (int Code, string Err) Finish(Process p)
    {
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(180_000));
        return (p.ExitCode, err.Result);
    }

    private static float[] Weights(string dir)
    {
        var (net, _) = Checkpoint.LoadNetwork(dir, CPU);
        using (net) return net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
    }

    private static string[] Train(int epochs = 3) => ["train", "--arch", "wrn-10-1", "--blocks", "DConvA2,G8B2,Conv", "--epochs", epochs.ToString(), "--dataset", "synthetic", "-b", "64", "-j", "1"];

    [Fact]
    public void TrainingKilledAtSeveralPoints_ResumesToTheSameWeights()
    {
        var full = Temp();
        Assert.Equal(0, Finish(Start([.. Train(), "-o", full])).Code);
        foreach (int ms in new[] { 2500, 5000, 7500 })
        {
            var dir = Temp();
            var p = Start([.. Train(), "-o", dir]);
            Thread.Sleep(ms);
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            var (code, err) = Finish(Start([.. Train(), "-o", dir, "--resume"]));
            Assert.True(code == 0, err);
            Assert.Equal(Weights(full), Weights(dir));
        }
    }

    [Fact]
    public void SearchKilledMidway_ResumesToTheSameBestAndRows()
    {
        string[] search = ["search", "--arch", "wrn-10-1", "--budget", "60k", "--window", "0.1", "--samples", "12", "--dataset", "synthetic", "-b", "16", "-j", "1"];
        var full = Temp();
        Assert.Equal(0, Finish(Start([.. search, "-o", full])).Code);
        foreach (int ms in new[] { 3000, 4500 })
        {
            var dir = Temp();
            var p = Start([.. search, "-o", dir]);
            Thread.Sleep(ms);
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            var (code, err) = Finish(Start([.. search, "-o", dir, "--resume"]));
            Assert.True(code == 0, err);
            Assert.Equal(File.ReadAllText(Path.Combine(full, "best.json")), File.ReadAllText(Path.Combine(dir, "best.json")));
            static string[] Rows(string d) => File.ReadAllLines(Path.Combine(d, CandidateTable.FileName)).Select(l => l[..l.LastIndexOf(',')]).ToArray();
            Assert.Equal(Rows(full), Rows(dir));
        }
    }

    [Fact]
    public void Sigterm_StopsAtASafePoint_Exit143_AndResumeFinishes()
    {
        var dir = Temp();
        var p = Start([.. Train(200), "-o", dir]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(Path.Combine(dir, Checkpoint.FileName)) && DateTime.UtcNow < deadline) Thread.Sleep(200);
        Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        var (code, err) = Finish(p);
        Assert.Equal(143, code);
        Assert.Contains("interrupted by SIGTERM", err);
        Assert.True(Checkpoint.ReadHeader(dir).Epoch >= 1);
        var second = Start([.. Train(200), "-o", dir]);
        Assert.Contains("already exists", Finish(second).Err);
    }

    [Fact]
    public void ConcurrentJobsOnOneFolder_TheSecondStopsAtOnce()
    {
        var dir = Temp();
        var first = Start([.. Train(200), "-o", dir]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(Path.Combine(dir, OutputLock.FileName)) && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Thread.Sleep(500);
        var (code, err) = Finish(Start([.. Train(200), "-o", dir, "--resume"]));
        first.Kill(entireProcessTree: true);
        first.WaitForExit();
        Assert.Equal(2, code);
        Assert.Contains("in use by another blockswap job", err);
    }

    [SkippableFact]
    [Trait("Category", TestCategories.Root)]
    public void DiskFull_GivesOneLineEnvironmentError_Exit3_AndLeavesNoHalfWrittenFile()
    {
        Skip.If(Environment.UserName != "root" && TestCategories.MaySkip, "needs root (mounts a small tmpfs); CI runs as root");
        // A 200 KB tmpfs stands in for a full disk (the tests run as root, as CI does).
        var mount = Temp();
        var mounted = Process.Start("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", mount])!;
        mounted.WaitForExit();
        Assert.True(mounted.ExitCode == 0, "mounting a small tmpfs failed: this test needs root");
        try
        {
            var dir = Path.Combine(mount, "run");
            var (code, err) = Finish(Start([.. Train(1), "-o", dir]));
            Assert.Equal(3, code);
            Assert.Single(err.Trim().Split('\n'), l => l.StartsWith("error: "));
            Assert.Contains("No space left on device", err);
            Assert.False(File.Exists(Path.Combine(dir, Checkpoint.FileName)));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
        }
        finally
        {
            Process.Start("umount", [mount])!.WaitForExit();
        }
    }
}
