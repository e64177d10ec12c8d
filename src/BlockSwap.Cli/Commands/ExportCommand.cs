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
            var r = ExportJob.Run(new ExportRequest(p.Value(checkpoint))
            {
                Onnx = p.GetValue(onnx), PyTorch = p.GetValue(pytorch), Verify = p.GetValue(verify),
                OnnxOptions = new OnnxExportOptions(p.GetValue(opset), p.GetValue(fold), OnnxFile.ParseBatch(p.Value(batch))),
            });
            if (p.PrintedJson(json, r)) return 0;
            if (r.PyTorch is { } dir)
                Console.WriteLine($"wrote {dir}: {string.Join(", ", PyTorchExport.Files)} ({r.Network}); in Python: import blockswap_torch as bs; model, info = bs.load(\"{dir}\")");
            if (r.VerifyMaxAbsDifference is { } diff)
                Console.WriteLine($"verify: ONNX Runtime vs TorchSharp max |Δ| = {Numbers.Compact(diff)} over {r.Batch ?? 2} random inputs");
            if (r.Onnx is { } file)
                Console.WriteLine($"wrote {file}: {r.Network}, opset {r.Opset}, {(r.FoldedBatchNorm == true ? "BN folded" : "BN kept")}, batch {r.Batch?.ToString() ?? "dynamic"}, {r.Nodes} nodes, {r.Bytes:N0} bytes");
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
            var probe = BlockSwap.Foundation.Runtime.MachineLoadProbe.Start();
            var results = LatencyMeter.Measure(p.GetValue(checkpoint), p.GetValue(onnx), p.GetValue(batch), p.GetValue(threads), p.GetValue(runs));
            if (probe.Stop() is { Quiet: false } load) Console.Error.WriteLine($"note: while timing, {load.Describe()}");
            if (p.PrintedJson(json, results)) return 0;
            foreach (var r in results)
                Console.WriteLine($"{r.Engine,-12} batch {r.Batch}, {r.Threads} thread(s): median {r.MedianMs:F3} ms, p90 {r.P90Ms:F3} ms over {r.Runs} runs");
            return 0;
        });
        return cmd;
    }
}
