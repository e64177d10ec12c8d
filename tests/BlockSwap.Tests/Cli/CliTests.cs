using System.Diagnostics;
using System.Text.Json;

namespace BlockSwap.Tests.Cli;

/// <summary>The command-line tool as a user runs it: a separate process, exit codes, stdout and stderr.</summary>
[Trait("Category", TestCategories.Process)]
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => RunIn(null, null, args);

    private static (int Code, string Out, string Err) RunIn(string? workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "blockswap.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "CLI did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void CountJson_GivesExactParamsAndMacs()
    {
        var (code, stdout, _) = Run("count", "--arch", "wrn-40-2", "--uniform", "Conv", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(2243546, doc.RootElement.GetProperty("params").GetInt64());
        Assert.Equal(327599360, doc.RootElement.GetProperty("macs").GetInt64());
        Assert.Equal(18, doc.RootElement.GetProperty("blocks").GetArrayLength());
    }

    [Fact]
    public void Amp_TrainsInWhatThisMachineComputesIn()
    {
        var dir = Scratch.Folder("bs-cli-amp-");
        string[] train = ["train", "--amp", "--device", "cpu", "--arch", "wrn-10-1", "--dataset", "synthetic", "--input-size", "16", "--epochs", "1", "--train-images", "32", "-j", "1"];
        var (code, stdout, stderr) = Run([.. train, "-o", dir, "--json"]);
        Assert.True(code == 0, stderr);   // it once failed with an internal cast error on the typed --device
        bool bf16 = BlockSwap.Foundation.Runtime.Provenance.HasBf16;
        Assert.Equal(bf16 ? "bf16" : "fp32", JsonDocument.Parse(stdout).RootElement.GetProperty("recipe").GetProperty("precision").GetString());
        Assert.Equal(!bf16, stderr.Contains("note: --amp: this CPU"));
        var (refused, _, err) = Run([.. train, "--precision", "fp32", "-o", Path.Combine(dir, "other")]);
        Assert.Equal(2, refused);
        Assert.Equal("error: --amp and --precision both set the arithmetic; give one of them", err.Trim());
    }

    [Fact]
    public void CountGroupFirst_OnPublishedGenotype()
    {
        var (code, stdout, _) = Run("count", "--blocks", Accounting.PublishedGenotypeTests.Bs800k, "--wrapper", "group-first", "--json");
        Assert.Equal(0, code);
        Assert.Equal(837034, JsonDocument.Parse(stdout).RootElement.GetProperty("params").GetInt64());
    }

    [Theory]
    [InlineData("count", "--blocks", "Conv,Bogus")]
    [InlineData("count", "--arch", "wrn-41-2")]
    [InlineData("count", "--genotype", "/nonexistent/g.json")]
    [InlineData("count", "--no-such-option")]
    [InlineData("search", "--budget", "400k", "--out", "/tmp/x", "--dataset", "cifar10")]
    [InlineData("search", "--budget", "5m", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-unreachable")]
    [InlineData("train", "--epochs", "0", "--dataset", "synthetic", "--out", "/tmp/bs-cli-train")]
    [InlineData("train", "--epochs", "1", "--dataset", "imagenet", "--out", "/tmp/bs-cli-train")]
    [InlineData("train", "--epochs", "1", "--dataset", "synthetic", "--teacher", "/nonexistent/checkpoint", "--out", "/tmp/bs-cli-train")]
    [InlineData("eval", "--checkpoint", "/nonexistent/checkpoint")]
    [InlineData("run", "--budgets", "0.25", "--dataset", "synthetic", "--out", "/tmp/bs-cli-run-pct")]
    // Found by the property suite (tests/.../Properties), kept as plain cases.
    [InlineData("train", "--arch", "wrn-10-1", "--dataset", "synthetic", "--epochs", "1", "--in-channels", "-7", "-o", "/tmp/bs-cli-prop-1")]     // crashed the process
    [InlineData("train", "--arch", "wrn-10-1", "--dataset", "synthetic", "--epochs", "1", "--input-size", "-7", "-o", "/tmp/bs-cli-prop-2")]      // an internal error
    [InlineData("train", "--arch", "wrn-10-1", "--dataset", "synthetic", "--epochs", "1", "--kd-temperature", "Infinity", "-o", "/tmp/bs-cli-prop-3")]
    [InlineData("train", "--arch", "wrn-10-1", "--dataset", "synthetic", "--epochs", "1", "--data", "/tmp", "-o", "/tmp/bs-cli-prop-4")]         // ignored
    [InlineData("search", "--arch", "wrn-10-1", "--budget", "20k", "--dataset", "synthetic", "--population", "-7", "-o", "/tmp/bs-cli-prop-5")]   // ignored
    [InlineData("search", "--arch", "wrn-10-1", "--budget", "20k", "--dataset", "synthetic", "--val-fraction", "NaN", "-o", "/tmp/bs-cli-prop-6")]
    [InlineData("demo", "--out", "")]
    [InlineData("run", "--budgets", "11k,11000", "--dataset", "synthetic", "--out", "/tmp/bs-cli-run-dup")]
    [InlineData("search", "--budget", "140%", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-pct")]
    [InlineData("train", "--epochs", "1", "--momentum", "nan", "--dataset", "synthetic", "--out", "/tmp/bs-cli-train-nan")]
    [InlineData("train", "--epochs", "1", "--ema-decay", "nan", "--dataset", "synthetic", "--out", "/tmp/bs-cli-train-nan")]
    [InlineData("train", "--epochs", "1", "--dataset", "synthetic", "-o", "")]
    [InlineData("search", "--budget", "nan", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-nan")]
    [InlineData("search", "--budget", "400k", "--window", "nan", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-nan")]
    [InlineData("search", "--budget", "400k", "--inits", "0", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-inits")]
    [InlineData("export", "--checkpoint", "/nonexistent/checkpoint", "--onnx", "/tmp/bs-cli.onnx")]
    [InlineData("latency")]
    [InlineData("search", "--arch", "wrn-10-1", "--budget", "20k", "--dataset", "folder", "--data", "/nonexistent/images", "--out", "/tmp/bs-cli-folder")]
    [InlineData("search", "--arch", "wrn-10-1", "--budget", "20k", "--dataset", "folder", "--out", "/tmp/bs-cli-folder")]
    [InlineData("train", "--arch", "wrn-10-1", "--epochs", "1", "--dataset", "synthetic", "--teacher", "/tmp/x.pth", "--teacher-arch", "vgg16", "--out", "/tmp/bs-cli-train")]
    [InlineData("search", "--arch", "wrn-10-1", "--max-latency-ms", "0.0001", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-latency")]
    [InlineData("search", "--arch", "wrn-10-1", "--max-latency-ms", "-1", "--samples", "1", "--dataset", "synthetic", "--out", "/tmp/bs-cli-latency")]
    [InlineData("latency-table", "--arch", "wrn-10-1", "--latency-threads", "0")]
    [InlineData("run", "--budgets", "400x", "--out", "/tmp/bs-cli-run")]
    [InlineData("run", "--budgets", "20k", "--baselines", "pruning", "--dataset", "synthetic", "--out", "/tmp/bs-cli-run")]
    [InlineData("run", "--budgets", "20k", "--random-seeds", "0", "--dataset", "synthetic", "--out", "/tmp/bs-cli-run")]
    [InlineData("run", "--budgets", "20k", "--seeds", "10", "--random-seeds", "9-11", "--dataset", "synthetic", "--out", "/tmp/bs-cli-run")]
    [InlineData("run", "--budgets", "20k", "--latency-rounds", "5", "--dataset", "synthetic", "--out", "/tmp/bs-cli-run")]
    [InlineData("demo", "--preset", "huge")]
    [InlineData("train", "--epochs", "1", "--optimizer", "adam", "--dataset", "synthetic", "--out", "/tmp/bs-cli-train-enum")]
    [InlineData("train", "--epochs", "1", "--batch-norm", "fast", "--dataset", "synthetic", "--out", "/tmp/bs-cli-train-enum")]
    [InlineData("search", "--budget", "400k", "--strategy", "genetic", "--dataset", "synthetic", "--out", "/tmp/bs-cli-enum")]
    [InlineData("train", "--epochs", "1", "--keep", "best", "--dataset", "synthetic", "--out", "/tmp/bs-cli-keep")]
    [InlineData("demo", "--preset", "paper")]
    public void BadInput_OneLineError_ExitCode2(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(2, code);
        // One error line; the only other lines a run may print on standard error are warnings (e.g. synthetic data).
        var lines = stderr.Trim().Split('\n');
        Assert.Single(lines, l => l.StartsWith("error: "));
        Assert.All(lines, l => Assert.True(l.StartsWith("error: ") || l.StartsWith("warning: "), l));
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    [Fact]
    public void Blocks_ListsEveryTypeWithItsWrn40x2Counts()
    {
        var (code, stdout, _) = Run("blocks");
        Assert.Equal(0, code);
        Assert.Contains("G2B4", stdout);
        Assert.Contains("84,410", stdout);
        Assert.Contains("2,243,546", stdout);
        Assert.Contains("invalid", stdout); // G16B4 at width 32
    }

    [Fact]
    public void Version_NamesTheToolTorchSharpAndLibtorch()
    {
        var (code, stdout, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Contains("BlockSwap.NET", stdout);
        Assert.Contains("TorchSharp 0.107.0", stdout);
        Assert.Contains("libtorch 2.10.0", stdout);
        Assert.Contains("devices: cpu", stdout);
    }

    [Fact]
    public void UnknownOption_CloseToAKnownOne_GetsDidYouMean()
    {
        var (code, _, stderr) = Run("train", "--epoch", "3", "-o", "/tmp/bs-cli-x");
        Assert.Equal(2, code);
        Assert.Contains("did you mean --epochs?", stderr);
        Assert.Contains("did you mean search?", Run("serch").Err);
    }

    [Fact]
    public void ConfigFile_InYaml_IsOverriddenByTheCommandLine_AndTheEffectiveConfigReruns()
    {
        var dir = Scratch.Folder("bs-cli-config-");
        var yaml = Path.Combine(dir, "run.yaml");
        File.WriteAllText(yaml, "arch: wrn-10-1\nepochs: 3\ndataset: synthetic\nbatch-size: 64\nlr: 0.05\n");
        var (code, stdout, stderr) = Run("train", "--config", yaml, "--epochs", "1", "-o", Path.Combine(dir, "a"), "--json");
        Assert.True(code == 0, stderr);
        var first = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(1, first.GetProperty("epochs").GetInt32());
        var effective = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "a", "config.json"))).RootElement;
        Assert.Equal(0.05, effective.GetProperty("lr").GetDouble());
        Assert.Equal(64, effective.GetProperty("batch-size").GetInt32());
        // The --config=FILE form reads the same file (it was once silently ignored).
        var (code2, stdout2, _) = Run("train", "--config=" + Path.Combine(dir, "a", "config.json"), "-o", Path.Combine(dir, "b"), "--json");
        Assert.Equal(0, code2);
        Assert.Equal(first.GetProperty("testTop1Error").GetDouble(), JsonDocument.Parse(stdout2).RootElement.GetProperty("testTop1Error").GetDouble());
    }

    [Fact]
    public void StudentFromAGenotype_WritesAConfigThatRunsAgain_AndAConflictingArchIsRefused()
    {
        var dir = Scratch.Folder("bs-cli-genotype-");
        var (s, _, serr) = Run("search", "--arch", "wrn-10-1", "--budget", "20k", "--window", "0.3", "--samples", "2", "--dataset", "synthetic", "--in-channels", "1", "--input-size", "12", "-o", Path.Combine(dir, "search"));
        Assert.True(s == 0, serr);
        var genotype = Path.Combine(dir, "search", "best.json");
        var (t, _, terr) = Run("train", "--genotype", genotype, "--epochs", "1", "--dataset", "synthetic", "-o", Path.Combine(dir, "a"));
        Assert.True(t == 0, terr);
        var config = File.ReadAllText(Path.Combine(dir, "a", "config.json"));
        Assert.DoesNotContain("\"arch\"", config);          // the genotype names the network; no default contradicts it
        Assert.DoesNotContain("\"in-channels\"", config);
        var (again, _, aerr) = Run("train", "--config", Path.Combine(dir, "a", "config.json"), "-o", Path.Combine(dir, "b"));
        Assert.True(again == 0, aerr);
        var (conflict, _, cerr) = Run("train", "--genotype", genotype, "--arch", "wrn-16-1", "--epochs", "1", "--dataset", "synthetic", "-o", Path.Combine(dir, "c"));
        Assert.Equal(2, conflict);
        Assert.Contains("--arch wrn-16-1 disagrees with", cerr);
    }

    [Fact]
    public void Predict_FromACheckpointAndItsOnnxExport_Agree()
    {
        var dir = Scratch.Folder("bs-cli-predict-");
        Assert.Equal(0, Run("train", "--arch", "wrn-10-1", "--epochs", "1", "--dataset", "synthetic", "--in-channels", "1", "--input-size", "12", "-o", Path.Combine(dir, "net")).Code);
        Assert.Equal(0, Run("data", "export", "--dataset", "synthetic", "--in-channels", "1", "--input-size", "12", "--per-class", "2", "-o", Path.Combine(dir, "images")).Code);
        Assert.Equal(0, Run("export", "--checkpoint", Path.Combine(dir, "net"), "--onnx", Path.Combine(dir, "net.onnx")).Code);
        var (c1, out1, e1) = Run("predict", "--checkpoint", Path.Combine(dir, "net"), Path.Combine(dir, "images", "val"), "--json");
        Assert.True(c1 == 0, e1);
        var (c2, out2, e2) = Run("predict", "--onnx", Path.Combine(dir, "net.onnx"), Path.Combine(dir, "images", "val"), "--csv", Path.Combine(dir, "p.csv"), "--json");
        Assert.True(c2 == 0, e2);
        var a = JsonDocument.Parse(out1).RootElement.EnumerateArray().ToArray();
        var b = JsonDocument.Parse(out2).RootElement.EnumerateArray().ToArray();
        Assert.Equal(20, a.Length);   // 2 validation images per class, 10 classes
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].GetProperty("class").GetString(), b[i].GetProperty("class").GetString());
            Assert.Equal(a[i].GetProperty("probability").GetDouble(), b[i].GetProperty("probability").GetDouble(), 4);
            Assert.InRange(a[i].GetProperty("probability").GetDouble(), 0.1, 1.0);   // the top class of 10 has at least 1/10
        }
        Assert.Equal(21, File.ReadAllLines(Path.Combine(dir, "p.csv")).Length);
        File.WriteAllText(Path.Combine(dir, "notes.png"), "not an image");
        var (bad, _, err) = Run("predict", "--checkpoint", Path.Combine(dir, "net"), Path.Combine(dir, "notes.png"));
        Assert.Equal(2, bad);
        Assert.Contains("cannot be read as an image", err);
    }

    [Fact]
    public void Overwrite_ReplacesAnEarlierRun_WhichIsOtherwiseRefused()
    {
        var dir = Scratch.Folder("bs-cli-overwrite-");
        string[] train = ["train", "--arch", "wrn-10-1", "--dataset", "synthetic", "-o", dir];
        Assert.Equal(0, Run([.. train, "--epochs", "2"]).Code);
        var (refused, _, err) = Run([.. train, "--epochs", "1"]);
        Assert.Equal(2, refused);
        Assert.Contains("already exists", err);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length);
        Assert.Equal(0, Run([.. train, "--epochs", "1", "--overwrite"]).Code);
        Assert.Single(File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")));
        Assert.Equal(2, Run([.. train, "--epochs", "1", "--overwrite", "--resume"]).Code);
    }

    [Fact]
    public void BlocksJson_ListsTheCatalogueWithExactCounts()
    {
        var (code, stdout, err) = Run("blocks", "--json");
        Assert.True(code == 0, err);
        var types = JsonDocument.Parse(stdout).RootElement.GetProperty("types").EnumerateArray().ToArray();
        Assert.Equal(23, types.Count(t => t.GetProperty("sampled").GetBoolean()));
        var conv = types.Single(t => t.GetProperty("name").GetString() == "Conv");
        Assert.Equal(2_243_546, conv.GetProperty("uniform").GetInt64());
        Assert.Equal(14_432, conv.GetProperty("params").GetProperty("16-32").GetInt64());
        var dconvA8 = types.Single(t => t.GetProperty("name").GetString() == "DConvA8");
        Assert.Equal(542_490, dconvA8.GetProperty("uniform").GetInt64());
    }

    [Fact]
    public void BudgetAsAPercentageOfTheTeacher()
    {
        var dir = Scratch.Folder("bs-cli-pct-");
        var (code, _, err) = Run("search", "--arch", "wrn-16-1", "--budget", "25%", "--samples", "2", "--dataset", "synthetic", "--in-channels", "1", "--input-size", "28", "-o", dir);
        Assert.True(code == 0, err);
        // The all-Conv WRN-16-1 on 1×28×28 images with 10 classes has 174,778 parameters: 25 % is 43,694 (rounded to even).
        Assert.Equal(43_694, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "best.json"))).RootElement.GetProperty("budget").GetInt64());
    }

    [Fact]
    public void RepeatedConfigKeys_AndMalformedGenotypes_GetOneLineErrors()
    {
        var dir = Scratch.Folder("bs-cli-files-");
        File.WriteAllText(Path.Combine(dir, "dup.json"), "{\"epochs\": 1, \"epochs\": 2}");
        File.WriteAllText(Path.Combine(dir, "bad.json"), "{\"format\": \"blockswap-genotype/1\", \"architecture\": \"wrn-16-1\", \"blocks\": \"Conv\"}");
        foreach (var (args, expected) in new[]
                 {
                     (new[] { "train", "--config", Path.Combine(dir, "dup.json"), "--dataset", "synthetic", "-o", Path.Combine(dir, "a") }, "given twice"),
                     (new[] { "train", "--genotype", Path.Combine(dir, "bad.json"), "--epochs", "1", "--dataset", "synthetic", "-o", Path.Combine(dir, "b") }, "wrong type at $.blocks"),
                 })
        {
            var (code, _, err) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains(expected, err);
        }
    }

    [Fact]
    public void PathComponentTooLong_AndEmptyOnnx_GetOneLineErrors()
    {
        var (code, _, stderr) = Run("train", "--arch", "wrn-10-1", "--epochs", "1", "--dataset", "synthetic", "-o", Path.Combine(Path.GetTempPath(), new string('x', 300)));
        Assert.Equal(3, code);
        Assert.Single(stderr.Trim().Split('\n'), l => l.StartsWith("error: "));
        Assert.Contains("xxxx", stderr);
        var empty = Path.Combine(Scratch.Folder("bs-cli-onnx-"), "empty.onnx");
        File.WriteAllBytes(empty, []);
        var (code2, _, stderr2) = Run("latency", "--onnx", empty);
        Assert.Equal(2, code2);
        Assert.Contains("empty.onnx is empty or not an image model", stderr2);
    }

    [Fact]
    public void YourOwnData_ExportThenSearchOnTheFolder()
    {
        var dir = Scratch.Folder("bs-cli-own-");
        var (code, _, err) = Run("data", "export", "--dataset", "fashion-mnist", "--per-class", "3", "-o", Path.Combine(dir, "images"));
        Assert.True(code == 0, err);
        (code, var stdout, err) = Run("search", "--arch", "wrn-10-1", "--budget", "20k", "--window", "0.2", "--samples", "2", "--dataset", "folder",
            "--data", Path.Combine(dir, "images"), "--in-channels", "1", "--input-size", "28", "-o", Path.Combine(dir, "search"), "--json");
        Assert.True(code == 0, err);
        Assert.Contains("decoded to 1×28×28", err);
        var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "search", "best.json"))).RootElement;
        Assert.Equal("0-T-shirt-top", best.GetProperty("classNames")[0].GetString());
        Assert.Equal(28, best.GetProperty("inputSize").GetInt32());
    }

    [Fact]
    public void Eval_OnAFolderWhoseClassesWereRenamed_IsRefused_NamingTheClass()
    {
        var dir = Scratch.Folder("bs-cli-rename-");
        var images = Path.Combine(dir, "images");
        var (code, _, err) = Run("data", "export", "--dataset", "fashion-mnist", "--per-class", "2", "-o", images);
        Assert.True(code == 0, err);
        (code, _, err) = Run("train", "--arch", "wrn-10-1", "--dataset", "folder", "--data", images, "--in-channels", "1", "--input-size", "28",
            "--epochs", "1", "-o", Path.Combine(dir, "run"));
        Assert.True(code == 0, err);
        (code, var stdout, err) = Run("eval", "--checkpoint", Path.Combine(dir, "run"));
        Assert.True(code == 0, err);
        Assert.Contains("0-T-shirt-top", stdout);
        foreach (var split in new[] { "train", "val" })
            Directory.Move(Path.Combine(images, split, "0-T-shirt-top"), Path.Combine(images, split, "0-Shirt"));
        (code, _, err) = Run("eval", "--checkpoint", Path.Combine(dir, "run"));
        Assert.Equal(2, code);
        Assert.Contains("the checkpoint's classes differ from the data's (label 0: '0-T-shirt-top' in the checkpoint, '0-Shirt' in", err);
    }

    [Fact]
    public void Json_KeepsStdoutForTheResult_AndMessagesOnStderrAreNotWrapped()
    {
        var dir = Scratch.Folder("bs-cli-json-");
        var (code, stdout, err) = Run("search", "--arch", "wrn-10-1", "--dataset", "synthetic", "--budget", "20k", "--window", "0.2", "--samples", "2",
            "--json", "-o", Path.Combine(dir, "s"));
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2, json.RootElement.GetProperty("scored").GetInt32());
        var line = Assert.Single(err.Split('\n'), l => l.StartsWith("search: wrn-10-1 on synthetic"));
        Assert.EndsWith("device cpu", line.TrimEnd());
        Assert.True(line.Length > 80, line);
    }

    [Fact]
    public void WithoutTheFullFashionMnist_TheBundledSplitNextToTheProgramIsUsed_AndSaidSo()
    {
        // The program's folder carries data/fashion-mnist (as the installed tool's package does); run from elsewhere.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist", "t10k-images-idx3-ubyte.gz")));
        var dir = Scratch.Folder("bs-cli-bundled-");
        var (code, stdout, err) = RunIn(dir, new Dictionary<string, string> { ["BLOCKSWAP_FASHION_MNIST"] = Path.Combine(dir, "absent") },
            "search", "--arch", "wrn-10-1", "--budget", "20k", "--window", "0.2", "--samples", "2", "-o", "s", "--json");
        Assert.True(code == 0, err);
        Assert.Contains($"The full Fashion-MNIST is not installed ({Path.Combine(dir, "absent")})", err);
        Assert.Contains("bundled 10k test split", File.ReadAllText(Path.Combine(dir, "s", "best.json")));
    }
}
