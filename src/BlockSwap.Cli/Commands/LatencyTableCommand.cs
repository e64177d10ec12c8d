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
            var sample = n > 0 ? new CandidateSampler(a).Sample(new SearchLimits(), n, p.GetValue(seed), WrapperPolicy.PerBlock).Genotypes : [];
            var survey = Timed(stage => LatencySurvey.Run(a, setup, sample, p.GetValue(seed), p.GetValue(remeasure), stage: stage));
            if (p.PrintedJson(json, survey)) return 0;
            var view = new Table().Border(TableBorder.Simple).Title($"{a.Name}: µs per block ({survey.Setup})");
            view.AddColumn("type");
            foreach (var pos in a.Positions) view.AddColumn(new TableColumn($"{pos.Index}").RightAligned());
            foreach (var row in survey.Blocks)
                view.AddRow([row.Type, .. row.Ms.Select(ms => ms is { } v ? (1000 * v).ToString("F0", CultureInfo.InvariantCulture) : "–")]);
            AnsiConsole.Write(view);
            Console.WriteLine($"fixed cost per run {1000 * survey.OverheadMs:F0} µs, stem {1000 * survey.StemMs:F0} µs, head {1000 * survey.HeadMs:F0} µs");
            Console.WriteLine(survey.FromCache ? $"table from the cache: {survey.Cache}" : $"table measured in {survey.TableSeconds:F1} s and cached: {survey.Cache}");
            if (survey.Error is { } error) Console.WriteLine($"prediction against whole networks {error}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Runs <paramref name="work"/> under a spinner naming its stage (plain, without one, when standard error is a file).</summary>
    private static T Timed<T>(Func<Action<string>, T> work)
    {
        if (Console.IsErrorRedirected) return work(_ => { });
        T result = default!;
        AnsiConsole.Console.Status().Start("timing", ctx => result = work(stage => ctx.Status(stage)));
        return result;
    }
}
