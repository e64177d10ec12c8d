using System.Diagnostics;
using MemoryMarshal = System.Runtime.InteropServices.MemoryMarshal;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Interop;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Export;

/// <summary>
/// python/blockswap_torch.py, the hand-off to plain PyTorch, checked against this tool with Debian's python3-torch
/// (.ci/run installs it): strict loading, logits to 1e-5, the stored preprocessing, and every block type's count.
/// </summary>
[Trait("Category", TestCategories.Python)]
public class PythonModuleTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "blockswap.dll");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "python", "blockswap_torch.py"))) return d.FullName;
        throw new InvalidOperationException("python/blockswap_torch.py not found above the test binaries");
    }

    private static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["BLOCKSWAP_PYTHON"] = Path.Combine(Root, "python");
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(600_000), $"{file} did not finish");
        return (p.ExitCode, o.Result, e.Result);
    }

    /// <summary>Debian's python3 with torch, or a skip by hand (a failure in CI).</summary>
    private static string Python()
    {
        const string python = "/usr/bin/python3";
        bool ok = File.Exists(python) && Run(python, "-c", "import torch").Code == 0;
        Skip.If(!ok && TestCategories.MaySkip, "python3-torch not found: apt install python3-torch to run the PyTorch hand-off tests");
        Assert.True(ok, "python3 with torch not found: apt install python3-torch (.ci/run does)");
        return python;
    }

    private static JsonNode Check(string python, JsonObject cases)
    {
        var file = Path.Combine(Scratch.Folder("bs-py-"), "cases.json");
        File.WriteAllText(file, cases.ToJsonString());
        var (code, stdout, stderr) = Run(python, Path.Combine(Root, "tests", "python", "check_networks.py"), file);
        Assert.True(code == 0, $"check_networks.py failed ({code}): {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    private static void WriteFloats(string path, Tensor t) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(t.contiguous().data<float>().ToArray().AsSpan()).ToArray());

    /// <summary>A network with random weights and batch-norm statistics (so evaluation-mode BN matters), its files and logits.</summary>
    private static JsonObject Case(string dir, NetworkSpec spec, long seed)
    {
        Directory.CreateDirectory(dir);
        using var net = new BlockSwapNetwork(spec.ToPlan(), seed);
        var g = manual_seed(seed);
        using (no_grad())
            foreach (var (_, m) in net.named_modules())
                if (m is BatchNorm2d bn)
                {
                    bn.running_mean!.copy_(randn(bn.num_features) * 0.2);
                    bn.running_var!.copy_(rand(bn.num_features) + 0.5);
                    bn.weight!.copy_(rand(bn.num_features) + 0.5);
                    bn.bias!.copy_(randn(bn.num_features) * 0.1);
                }
        net.eval();
        var a = spec.Architecture;
        using var x = randn(3, a.InChannels, a.InputSize, a.InputSize);
        using var logits = net.call(x).Logits;
        PyTorchStateDict.Save(net, Path.Combine(dir, "model.pt"));
        File.WriteAllText(Path.Combine(dir, "best.json"), JsonSerializer.Serialize(NetworkSpecJson.From(spec), JsonFormats.Indented));
        WriteFloats(Path.Combine(dir, "input.bin"), x);
        WriteFloats(Path.Combine(dir, "logits.bin"), logits);
        return new JsonObject { ["dir"] = dir, ["input"] = new JsonArray(3, a.InChannels, a.InputSize, a.InputSize), ["uint8"] = false };
    }

    private static NetworkSpec Spec(Architecture a, string blocks, WrapperPolicy policy = WrapperPolicy.PerBlock) =>
        new(a, Genotype.Parse(blocks), policy);

    [SkippableFact]
    public void Networks_LoadStrictly_AndGiveTheSameLogits()
    {
        var python = Python();
        var root = Scratch.Folder("bs-py-");
        NetworkSpec[] specs =
        [
            // Gray 28×28 (the default data), every family, both wrapper policies.
            Spec(Architecture.WideResNet(10, 1, 10, 1, 28), "Conv,DConvG2,A2B2"),
            Spec(Architecture.WideResNet(16, 1, 10, 1, 28), "A4B2,DConvG8,DConv,DConv,DConvG8,DConvA8", WrapperPolicy.GroupFirst),
            // Colour 32×32, the reference's shape; the types the search does not sample; 100 classes.
            Spec(Architecture.WideResNet(10, 4, 100, 3, 32), "G16B4,MBConv6,DConvB4"),
            Spec(Architecture.WideResNet(16, 2, 10, 3, 32), "ConvB2,G8B4,DConvA16,G2B4,A16B2,Conv", WrapperPolicy.GroupFirst),
            // Another size, and the pre-activation ResNet.
            Spec(Architecture.WideResNet(10, 2, 10, 3, 40), "DConvA4,G4B2,ConvB4"),
            Spec(Architecture.PreActResNet(18, 10, 3, 32), "Conv,DConv,G8B2,ConvB2,A4B2,DConvA8,G16B2,Conv"),
        ];
        var cases = new JsonArray(specs.Select((s, i) => (JsonNode)Case(Path.Combine(root, $"case{i}"), s, seed: 10 + i)).ToArray());
        var result = Check(python, new JsonObject { ["cases"] = cases });
        var got = result["cases"]!.AsArray();
        Assert.Equal(specs.Length, got.Count);
        for (int i = 0; i < specs.Length; i++)
        {
            double diff = got[i]!["maxAbsDiff"]!.GetValue<double>(), scale = got[i]!["scale"]!.GetValue<double>();
            Assert.True(diff <= 1e-5 * Math.Max(1, scale), $"{specs[i]}: logits differ by {diff} (largest logit {scale})");
        }
    }

    [SkippableFact]
    public void EveryBlockType_HasTheToolsParameterCount()
    {
        var python = Python();
        // Each type uniform over a WRN wide enough for it (G16B4's bottleneck needs 64 channels per block).
        var specs = BlockCatalogue.All.Select(t =>
        {
            var a = new[] { Architecture.WideResNet(16, 1, 10, 3, 32), Architecture.WideResNet(10, 4, 10, 3, 32) }
                .First(x => x.Positions.All(p => t.IsValid(p.In, p.Out) && t.IsValid(p.Out, p.Out)));
            return NetworkSpec.Uniform(a, t);
        }).Append(Spec(Architecture.PreActResNet(34, 1000, 3, 224), string.Join(",", Enumerable.Repeat("G8B2", 16))))
          .Append(Spec(Architecture.WideResNet(16, 1, 10, 1, 28), "A4B2,DConvG8,DConv,DConv,DConvG8,DConvA8", WrapperPolicy.GroupFirst)).ToArray();
        var counts = new JsonArray(specs.Select(s => (JsonNode)JsonSerializer.SerializeToNode(NetworkSpecJson.From(s), JsonFormats.Indented)!).ToArray());
        var got = Check(python, new JsonObject { ["counts"] = counts })["counts"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray();
        Assert.Equal(specs.Select(s => s.ToPlan().Parameters), got);
        Assert.Equal(BlockCatalogue.All.Count + 2, got.Length);
    }

    [SkippableFact]
    public void ATrainedRun_LoadsFromItsFolder_AndPredictAppliesItsNormalisation()
    {
        var python = Python();
        var dir = Path.Combine(Scratch.Folder("bs-py-"), "run");
        var (code, _, err) = Run("dotnet", Tool, "train", "--dataset", "synthetic", "--arch", "wrn-10-1", "--blocks", "G2B2,DConvA4,Conv",
            "--in-channels", "3", "--input-size", "32", "--epochs", "1", "--train-images", "256", "-j", "1", "-o", dir);
        Assert.True(code == 0, err);
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "result.json")))!;
        var mean = result["normalisation"]!["mean"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var std = result["normalisation"]!["std"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        // uint8 images N×H×W×C, as a PyTorch user holds them; normalised here as the tool trained.
        var rng = new Random(3);
        var pixels = new byte[2 * 32 * 32 * 3];
        rng.NextBytes(pixels);
        File.WriteAllBytes(Path.Combine(dir, "input.bin"), pixels);
        var (net, _) = BlockSwap.Methods.Training.Checkpoint.LoadNetwork(Path.Combine(dir, "checkpoint"), CPU);
        using (net)
        {
            net.eval();
            using var x = tensor(pixels.Select(b => (float)b).ToArray(), [2, 32, 32, 3]).permute(0, 3, 1, 2) / 255f;
            using var m = tensor(mean.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
            using var s = tensor(std.Select(v => (float)v).ToArray()).view(1, 3, 1, 1);
            using var logits = net.call(((x - m) / s).contiguous()).Logits;
            WriteFloats(Path.Combine(dir, "logits.bin"), logits);
        }
        var got = Check(python, new JsonObject { ["cases"] = new JsonArray(new JsonObject { ["dir"] = dir, ["input"] = new JsonArray(2, 32, 32, 3), ["uint8"] = true }) });
        double diff = got["cases"]![0]!["maxAbsDiff"]!.GetValue<double>();
        Assert.True(diff <= 1e-5 * Math.Max(1, got["cases"]![0]!["scale"]!.GetValue<double>()), $"logits differ by {diff}");
    }
}
