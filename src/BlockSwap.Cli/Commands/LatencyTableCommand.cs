using System.CommandLine;
using System.Globalization;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using Spectre.Console;

namespace BlockSwap.Cli.Commands;

/// <summary><c>blockswap latency-table</c>: the per-block latency table of an architecture on this machine, and how well it predicts whole networks.</summary>
internal static class LatencyTableCommand
{
    public static Command Create()
    {
        var arch = CliOptions.Arch();
        var classes = new Option<int>("--classes") { Description = "Number of classes", DefaultValueFactory = _ => Architecture.DefaultClasses };
        var inChannels = CliOptions.InChannels();
        var inputSize = new Option<int?>("--input-size") { Description = "Input height/width in pixels (default 32 for WRN, 224 for ResNet)" };
        var latency = new LatencyOptions();
        var check = new Option<int>("--check") { Description = "Random networks of the sampled types to time whole and compare with the prediction", DefaultValueFactory = _ => 10 };
        var remeasure = new Option<bool>("--remeasure") { Description = "Time every piece again and replace the cached table" };
        var seed = CliOptions.Seed();
        var json = CliOptions.Json();
        var cmd = new Command("latency-table", "Per-block ONNX Runtime latency of every sampled type at every position on this machine (cached), checked against whole networks")
        {
            arch, classes, inChannels, inputSize, check, remeasure, seed, json,
        };
        latency.AddTo(cmd, withLimit: false);
        cmd.SetAction(p =>
        {
            var a = p.Value(arch).Reshaped(p.GetValue(classes), p.GetValue(inChannels), p.GetValue(inputSize) ?? p.Value(arch).InputSize);
            var setup = latency.Setup(p);
            int n = p.GetValue(check);
            if (n < 0) throw new BlockSwapException($"--check {n} is invalid: time 0 or more random networks");
            var cache = LatencyTableCache.Default;
            if (p.GetValue(remeasure)) File.Delete(cache.PathFor(a, setup, MachineFingerprint.Current));
            var table = Timed(() => cache.GetOrMeasure(a, setup, MachineFingerprint.Current), "timing the pieces", out double tableSeconds);
            var sample = n > 0 ? new CandidateSampler(a).Sample(new SearchLimits(), n, p.GetValue(seed), WrapperPolicy.PerBlock).Genotypes : [];
            var pairs = n > 0 ? Timed(() => LatencyPredictionCheck.Measure(table, a, sample, p.GetValue(seed)), "timing whole networks", out _) : [];
            var path = cache.PathFor(a, setup, MachineFingerprint.Current);
            if (p.GetValue(json)) PrintJson(a, setup, table, path, pairs);
            else Print(a, setup, table, path, pairs, tableSeconds);
            return 0;
        });
        return cmd;
    }

    private static void PrintJson(Architecture a, LatencySetup setup, LatencyTable table, string path, IReadOnlyList<LatencyPair> pairs) =>
        CliOptions.PrintJson(new
        {
            architecture = a.Name, setup, machine = table.Key.Machine, fromCache = table.FromCache, cache = path,
            table.OverheadMs, table.StemMs, table.HeadMs,
            blocks = BlockSwap.Description.Blocks.BlockCatalogue.Sampled.Select(t => new { type = t.Name, ms = a.Positions.Select(pos => table.Cell(t, pos)) }),
            check = pairs, error = pairs.Count > 0 ? LatencyPredictionError.Of(pairs) : null,
        });

    private static void Print(Architecture a, LatencySetup setup, LatencyTable table, string path, IReadOnlyList<LatencyPair> pairs, double tableSeconds)
    {
        var view = new Table().Border(TableBorder.Simple).Title($"{a.Name}: µs per block ({setup})");
        view.AddColumn("type");
        foreach (var pos in a.Positions) view.AddColumn(new TableColumn($"{pos.Index}").RightAligned());
        foreach (var t in BlockSwap.Description.Blocks.BlockCatalogue.Sampled)
            view.AddRow([t.Name, .. a.Positions.Select(pos => table.Cell(t, pos) is { } ms ? (1000 * ms).ToString("F0", CultureInfo.InvariantCulture) : "–")]);
        AnsiConsole.Write(view);
        Console.WriteLine($"fixed cost per run {1000 * table.OverheadMs:F0} µs, stem {1000 * table.StemMs:F0} µs, head {1000 * table.HeadMs:F0} µs");
        Console.WriteLine(table.FromCache ? $"table from the cache: {path}" : $"table measured in {tableSeconds:F1} s and cached: {path}");
        if (pairs.Count > 0) Console.WriteLine($"prediction against whole networks {LatencyPredictionError.Of(pairs)}");
    }

    private static T Timed<T>(Func<T> work, string what, out double seconds)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        T result = default!;
        if (Console.IsErrorRedirected) result = work();
        else AnsiConsole.Console.Status().Start(what, _ => result = work());
        seconds = sw.Elapsed.TotalSeconds;
        return result;
    }
}
