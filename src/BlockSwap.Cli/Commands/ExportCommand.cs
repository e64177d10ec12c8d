using System.CommandLine;
using System.Text.Json;
using BlockSwap.Methods.Export;
using BlockSwap.Methods.Latency;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap export</c> (ONNX, optionally verified in ONNX Runtime) and <c>blockswap latency</c>.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A training run's folder or its DIR/checkpoint", Required = true };
        var onnx = new Option<string?>("--onnx") { Description = "Write the network as this .onnx file (a new file, or an earlier export)" };
        var pytorch = new Option<string?>("--pytorch")
        {
            Description = "Write a folder for PyTorch: model.pt, network.json and blockswap_torch.py, which rebuilds the network and loads the weights with strict=True (a new or empty folder, or an earlier export)",
        };
        var opset = new Option<int>("--opset") { Description = "ONNX opset", DefaultValueFactory = _ => new OnnxExportOptions().Opset };
        var fold = new Option<bool>("--fold-bn") { Description = "Fold every BN that follows a conv into that conv" };
        var batch = new Option<string>("--batch-size", "-b", "--batch") { Description = "dynamic or a fixed batch size", DefaultValueFactory = _ => "dynamic" };
        var threads = new ComputeOptions().Threads;
        var json = CliOptions.Json();
        var verify = new Option<bool>("--verify") { Description = "Run the model in ONNX Runtime and compare with TorchSharp (max |Δ| ≤ 1e-4)" };
        var cmd = new Command("export", "Export a trained network to ONNX, or to a folder for plain PyTorch") { checkpoint, onnx, pytorch, opset, fold, batch, verify, threads, json };
        cmd.SetAction(p =>
        {
            if (BlockSwap.Foundation.Runtime.TorchRuntime.SetThreads(p.GetValue(threads)) is { } warning) Console.Error.WriteLine($"warning: {warning}");
            var (onnxPath, pytorchDir) = (p.GetValue(onnx), p.GetValue(pytorch));
            if (onnxPath is null && pytorchDir is null)
                throw new BlockSwapException("give what to export: --onnx FILE (ONNX Runtime and other engines) and/or --pytorch DIR (plain PyTorch)");
            if (onnxPath is not null) OwnedFile.Check(onnxPath, "--onnx", "ONNX model", OnnxExporter.IsOwnModel);
            if (pytorchDir is not null && string.IsNullOrWhiteSpace(pytorchDir))
                throw new BlockSwapException("--pytorch is empty; give a new or empty folder for the exported model");
            var path = Checkpoint.Locate(p.Value(checkpoint));
            var (net, header) = Checkpoint.LoadNetwork(path, CPU);
            using var _ = net;
            if (pytorchDir is not null)
            {
                PyTorchExport.Write(net, header.Classes, header.Normalisation, pytorchDir);
                if (!p.GetValue(json))
                    Console.WriteLine($"wrote {pytorchDir}: {string.Join(", ", PyTorchExport.Files)} ({net.Plan.Spec}); in Python: " +
                                      $"import blockswap_torch as bs; model, info = bs.load(\"{pytorchDir}\")");
                if (onnxPath is null)
                {
                    if (p.GetValue(json)) CliOptions.PrintJson(new { pytorch = pytorchDir, network = net.Plan.Spec, files = PyTorchExport.Files });
                    return 0;
                }
            }
            var options = new OnnxExportOptions(p.GetValue(opset), p.GetValue(fold), OnnxFile.ParseBatch(p.Value(batch)));
            var written = OnnxFile.Write(net, path, header, onnxPath!, options, p.GetValue(verify));
            if (p.GetValue(json))
            {
                CliOptions.PrintJson(new
                {
                    onnx = written.Path, pytorch = pytorchDir, network = net.Plan.Spec, opset = options.Opset, foldedBatchNorm = options.FoldBatchNorm, batch = options.Batch,
                    nodes = written.Nodes, bytes = written.Bytes, verifyMaxAbsDifference = written.VerifyMaxAbsDifference,
                });
                return 0;
            }
            if (written.VerifyMaxAbsDifference is { } diff)
                Console.WriteLine($"verify: ONNX Runtime vs TorchSharp max |Δ| = {Numbers.Compact(diff)} over {options.Batch ?? 2} random inputs");
            Console.WriteLine($"wrote {written.Path}: {net.Plan.Spec}, opset {options.Opset}, {(options.FoldBatchNorm ? "BN folded" : "BN kept")}, " +
                              $"batch {options.Batch?.ToString() ?? "dynamic"}, {written.Nodes} nodes, {written.Bytes:N0} bytes");
            return 0;
        });
        return cmd;
    }

    public static Command CreateLatency()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A training run's folder or DIR/checkpoint: time ONNX Runtime (exported in memory) and TorchSharp" };
        var onnx = new Option<string?>("--onnx") { Description = "An .onnx file: time it in ONNX Runtime" };
        var batch = new Option<int>("--batch-size", "-b", "--batch") { DefaultValueFactory = _ => 1, Description = "Batch size" };
        var threads = new Option<int>("--threads", "-j") { DefaultValueFactory = _ => 1, Description = "Intra-op threads of both engines" };
        var runs = new Option<int>("--runs") { DefaultValueFactory = _ => 100, Description = "Timed runs (after 10 warm-up runs)" };
        var json = CliOptions.Json();
        var cmd = new Command("latency", "Inference latency (median and p90) in ONNX Runtime and TorchSharp") { checkpoint, onnx, batch, threads, runs, json };
        cmd.SetAction(p =>
        {
            var results = new List<LatencyMeasurement>();
            int bs = p.GetValue(batch), th = p.GetValue(threads), n = p.GetValue(runs);
            if (bs < 1 || th < 1 || n < 1) throw new BlockSwapException("--batch, --threads and --runs must be positive");
            if ((p.GetValue(checkpoint) is null) == (p.GetValue(onnx) is null))
                throw new BlockSwapException("give exactly one network to time: --checkpoint DIR or --onnx FILE");
            if (p.GetValue(checkpoint) is { } ck)
            {
                var (net, header) = Checkpoint.LoadNetwork(ck, CPU);
                using var _n = net;
                if (header.Classes is { } names && !p.GetValue(json)) Console.WriteLine($"classes: {string.Join(", ", names)}");
                results.Add(LatencyMeter.OnnxRuntime(net, bs, th, runs: n));
                results.Add(LatencyMeter.TorchSharp(net, bs, th, runs: n));
            }
            else if (p.GetValue(onnx) is { } file)
            {
                var (bytes, channels, size) = OnnxFile.ReadImageModel(file);
                results.Add(LatencyMeter.OnnxRuntime(bytes, channels, size, bs, th, runs: n));
            }
            if (p.GetValue(json))
            {
                CliOptions.PrintJson(results);
                return 0;
            }
            foreach (var r in results)
                Console.WriteLine($"{r.Engine,-12} batch {r.Batch}, {r.Threads} thread(s): median {r.MedianMs:F3} ms, p90 {r.P90Ms:F3} ms over {r.Runs} runs");
            return 0;
        });
        return cmd;
    }
}
