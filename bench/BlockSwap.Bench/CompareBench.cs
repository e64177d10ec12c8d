using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

using BlockSwap.Cli.Commands;

namespace BlockSwap.Bench;

/// <summary>
/// <c>blockswap-bench compare</c>: this tool and the reference PyTorch implementation side by side on this machine,
/// whole processes, alternating, on the same settings: a WRN-40-2 search (seconds for N candidates) and training
/// steps (teacher; bs400k student with AT). Prints every round and the median ratios (docs/performance.md).
/// </summary>
internal static partial class CompareBench
{
    public static Command Create()
    {
        var reference = new Option<string?>("--reference") { Description = "A checkout of the reference (BayesWatch/pytorch-blockswap); default $BLOCKSWAP_REF" };
        var python = new Option<string>("--python") { Description = "A Python with PyTorch (Debian: apt install python3-torch python3-pandas)", DefaultValueFactory = _ => "/usr/bin/python3" };
        var samples = new Option<int>("--samples") { Description = "Candidates per search", DefaultValueFactory = _ => 32 };
        var budget = new Option<string>("--budget") { Description = "Search budget", DefaultValueFactory = _ => "400k" };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds (ours, then the reference's)", DefaultValueFactory = _ => 2 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps per case", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads", "-j") { Description = "Threads for both", DefaultValueFactory = _ => Environment.ProcessorCount };
        var layout = CliOptions.Layout("channels-last, as search and training");
        var skipTrain = new Option<bool>("--search-only") { Description = "Compare the search only" };
        var precision = new Option<string>("--precision") { Description = "Our scoring arithmetic: fp32 or bf16", DefaultValueFactory = _ => "fp32" };
        var trainPrecision = new Option<string>("--train-precision") { Description = "Our training arithmetic (bench train --precision): fp32 or bf16", DefaultValueFactory = _ => "fp32" };
        var cmd = new Command("compare", "This tool against the reference PyTorch code on this machine: whole-process search time and training-step time, alternating, with ratios")
        {
            reference, python, samples, budget, rounds, steps, threads, layout, precision, trainPrecision, skipTrain,
        };
        cmd.SetAction(p =>
        {
            var refDir = p.GetValue(reference) ?? Environment.GetEnvironmentVariable("BLOCKSWAP_REF")
                ?? throw new BlockSwapException("give the reference checkout: --reference DIR or BLOCKSWAP_REF=DIR (BayesWatch/pytorch-blockswap)");
            if (!File.Exists(Path.Combine(refDir, "model_generator.py")))
                throw new BlockSwapException($"{refDir} is not a pytorch-blockswap checkout (no model_generator.py)");
            var scripts = Scripts();
            string py = p.Value(python);
            int n = p.GetValue(samples), j = p.GetValue(threads);
            long b = BlockSwap.Engine.Networks.CountText.Budget(p.Value(budget));
            var layoutName = p.Value(layout).ToString();
            var ours = new List<double>();
            var theirs = new List<double>();
            var ourSteps = new List<(double Teacher, double Student)>();
            var theirSteps = new List<(double Teacher, double Student)>();
            for (int r = 0; r < p.GetValue(rounds); r++)
            {
                var dir = Directory.CreateTempSubdirectory("blockswap-compare-").FullName;
                string[] search = ["search", "--arch", "wrn-40-2", "--budget", b.ToString(CultureInfo.InvariantCulture), "--samples", $"{n}", "--dataset", "synthetic",
                    "-o", Path.Combine(dir, "o"), "-j", $"{j}", "--layout", layoutName, "--precision", p.Value(precision)];
                ours.Add(Run(Tool(search)).Seconds);
                theirs.Add(Run([py, Path.Combine(scripts, "search.py"), refDir, $"{n}", $"{b}", $"{j}"]).Seconds);
                Console.WriteLine($"round {r + 1}: search of {n} candidates at {b:N0}: ours {ours[^1]:F1} s, reference {theirs[^1]:F1} s");
                Directory.Delete(dir, recursive: true);
                if (p.GetValue(skipTrain)) continue;
                var mine = Run(Self(["train", "-j", $"{j}", "--steps", $"{p.GetValue(steps)}", "--layout", layoutName, "--precision", p.Value(trainPrecision)])).Output;
                ourSteps.Add((Seconds(mine, "teacher"), Seconds(mine, "student")));
                var ref_ = Run([py, Path.Combine(scripts, "train_step.py"), refDir, $"{p.GetValue(steps)}", $"{j}"]).Output;
                theirSteps.Add((Seconds(ref_, "teacher step"), Seconds(ref_, "student+AT step")));
                Console.WriteLine($"round {r + 1}: training step, teacher: ours {ourSteps[^1].Teacher:F3} s, reference {theirSteps[^1].Teacher:F3} s; " +
                                  $"student + AT: ours {ourSteps[^1].Student:F3} s, reference {theirSteps[^1].Student:F3} s");
            }
            static double Median(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }
            Console.WriteLine($"search: reference / ours = {Median(theirs) / Median(ours):F2}× (medians {Median(theirs):F1} s / {Median(ours):F1} s; {j} threads, whole processes)");
            if (ourSteps.Count > 0)
                Console.WriteLine($"training step: ours / reference = teacher {Median(ourSteps.Select(s => s.Teacher)) / Median(theirSteps.Select(s => s.Teacher)):F2}, " +
                                  $"student + AT {Median(ourSteps.Select(s => s.Student)) / Median(theirSteps.Select(s => s.Student)):F2} (below 1: ours is faster)");
            return 0;
        });
        return cmd;
    }

    /// <summary>bench/reference/*.py, looked up next to the program and up the tree (a clone or a build output).</summary>
    private static string Scripts()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var s = Path.Combine(d.FullName, "bench", "reference");
                if (File.Exists(Path.Combine(s, "search.py"))) return s;
            }
        throw new BlockSwapException("bench/reference/search.py not found: run bench compare from a clone of BlockSwap.NET");
    }

    /// <summary>The blockswap tool (its assembly sits beside this one) with these arguments.</summary>
    private static string[] Tool(string[] args) => ["dotnet", Path.Combine(AppContext.BaseDirectory, "blockswap.dll"), .. args];

    /// <summary>This benchmark program's own command line with other arguments.</summary>
    private static string[] Self(string[] args)
    {
        var host = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, Environment.GetCommandLineArgs()[0], .. args] : [host, .. args];
    }

    private static (double Seconds, string Output) Run(string[] command)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command[1..]) psi.ArgumentList.Add(a);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new BlockSwapException($"{string.Join(' ', command.Take(3))} … failed (exit {process.ExitCode}): {error.Result.Trim().Split('\n')[^1]}");
        return (seconds, output.Result);
    }

    private static double Seconds(string output, string label)
    {
        foreach (var line in output.Split('\n'))
            if (line.Contains(label, StringComparison.Ordinal) && SecondsPattern().Match(line) is { Success: true } m)
                return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        throw new BlockSwapException($"no '{label}' timing in the output: {output.Trim().Split('\n')[^1]}");
    }

    [GeneratedRegex(@"(?:median |step )(\d+\.\d+) s")]
    private static partial Regex SecondsPattern();
}
