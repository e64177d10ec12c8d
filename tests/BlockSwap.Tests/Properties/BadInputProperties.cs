using System.CommandLine;
using System.Security.Cryptography;
using CsCheck;

namespace BlockSwap.Tests.Properties;

/// <summary>
/// Results of every kind to aim bad input at: a training run, a search, an image folder; made once, in-process.
/// </summary>
public sealed class ResultFolders : IDisposable
{
    public string Root { get; } = BlockSwap.Tests.Scratch.Folder("bs-prop-results-");
    public string Scratch { get; } = BlockSwap.Tests.Scratch.Folder("bs-prop-scratch-");
    public string Training => Path.Combine(Root, "train");
    public string Search => Path.Combine(Root, "search");
    public string Images => Path.Combine(Root, "images");

    public ResultFolders()
    {
        Check(CliHarness.Run("train", "--arch", "wrn-10-1", "--dataset", "synthetic", "--train-images", "64", "--epochs", "1", "-j", "1", "-o", Training));
        Check(CliHarness.Run("search", "--arch", "wrn-10-1", "--budget", "20k", "--dataset", "synthetic", "--samples", "2", "-j", "1", "-o", Search));
        Directory.CreateDirectory(Images);
        File.WriteAllBytes(Path.Combine(Images, "a.png"), BlockSwap.Tests.Data.TransparentPixelTests.RgbaPng(32, 32, [90, 140, 200, 255]));
    }

    private static void Check((int Code, string Out, string Err) r)
    {
        if (r.Code != 0) throw new InvalidOperationException($"setting up the property fixture failed: {r.Err}");
    }

    /// <summary>SHA-256 of every file under the results (locks aside): what no refused or bad call may change.</summary>
    public IReadOnlyDictionary<string, string> Digests() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(BlockSwap.Foundation.IO.OutputLock.FileName, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public string NewPath(string suffix = "") => Path.Combine(Scratch, Guid.NewGuid().ToString("N")[..8] + suffix);

    public void Dispose()
    {
        try { Directory.Delete(Root, true); Directory.Delete(Scratch, true); } catch (IOException) { }
    }
}

/// <summary>One bad command line: which command, which option, what is wrong with it.</summary>
public sealed record BadCase(string Command, string Option, string Kind, string[] Args)
{
    public override string ToString() => $"{Kind} for {Option}: blockswap {string.Join(' ', Args.Select(a => a.Length == 0 || a.Contains(' ') ? $"'{a}'" : a))}";
}

/// <summary>
/// Bad input, generated for every command and every option: empty, blank, non-numeric, fractional, huge, negative,
/// NaN and infinite values, unknown names and paths, a path that is a file or folder of another result, and a value given
/// twice. Each must end with exit 2 (or 3) and one line on standard error, never an internal error or a stack trace,
/// and leave every file of every result byte-identical. CI samples a fixed set (fixed seed); BLOCKSWAP_PROPERTIES=long
/// runs every case, and BLOCKSWAP_PROPERTY_SURVEY=FILE writes every failing case to FILE instead of stopping.
/// </summary>
[Trait("Category", TestCategories.Property)]
[Collection(CliCollection.Name)]
public class BadInputProperties(ResultFolders results) : IClassFixture<ResultFolders>
{
    /// <summary>The seed CI samples with (any valid CsCheck seed; a failure prints its own for the regression test).</summary>
    public const string Seed = "0001md2F35u1";

    // Options whose negative values are meaningful.
    private static readonly HashSet<string> SignedOk = ["--seed"];
    // Options that name a file or folder this command writes.
    private static readonly HashSet<string> Outputs = ["--out", "--onnx", "--csv", "--pytorch"];
    // Commands whose bad input must fail at parsing: an accepted value would start minutes of work.
    private static readonly HashSet<string> ParseOnly = ["demo"];

    private Dictionary<string, string[]> Bases() => new()
    {
        ["blocks"] = ["blocks"],
        ["count"] = ["count", "--arch", "wrn-10-1"],
        ["train"] = ["train", "--arch", "wrn-10-1", "--dataset", "synthetic", "--train-images", "64", "--epochs", "1", "-j", "1", "-o", "{NEW}"],
        ["eval"] = ["eval", "--checkpoint", results.Training, "-j", "1"],
        ["search"] = ["search", "--arch", "wrn-10-1", "--budget", "20k", "--dataset", "synthetic", "--samples", "2", "-j", "1", "-o", "{NEW}"],
        ["study"] = ["study", "--arch", "wrn-10-1", "--budget", "20k", "--candidates", "2", "--init-seeds", "1", "--train-seeds", "1", "--epochs", "1",
            "--train-images", "64", "--no-teacher", "--dataset", "synthetic", "-j", "1", "-o", "{NEW}"],
        ["run"] = ["run", "--arch", "wrn-10-1", "--budgets", "20k", "--samples", "2", "--epochs", "1", "--train-images", "64", "--dataset", "synthetic",
            "--baselines", "none", "-j", "1", "-o", "{NEW}"],
        ["merge"] = ["merge", results.Search, "-o", "{NEW}"],
        ["export"] = ["export", "--checkpoint", results.Training, "--onnx", "{NEW}.onnx"],
        ["latency"] = ["latency", "--checkpoint", results.Training, "--runs", "2"],
        ["predict"] = ["predict", "--checkpoint", results.Training, results.Images],
        ["latency-table"] = ["latency-table", "--arch", "wrn-10-1", "--input-size", "16", "--check", "1"],
        ["data export"] = ["data", "export", "--dataset", "synthetic", "--per-class", "1", "-o", "{NEW}"],
        ["demo"] = ["demo", "-o", "{NEW}"],
    };

    /// <summary>Every bad case, in a fixed order.</summary>
    public IReadOnlyList<BadCase> Cases()
    {
        var root = BlockSwap.Cli.CliAppAccess.Build();
        var cases = new List<BadCase>();
        foreach (var (name, baseArgs) in Bases())
        {
            var command = name.Split(' ').Aggregate((Command)root, (c, n) => c.Subcommands.Single(s => s.Name == n));
            bool parseOnly = ParseOnly.Contains(name);
            foreach (var option in command.Options.Where(o => o.Name is not ("--help" or "--version")))
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (type == typeof(bool)) continue;
                foreach (var (kind, value) in BadValues(name, option.Name, type, parseOnly))
                    cases.Add(new BadCase(name, option.Name, kind, With(baseArgs, option, value)));
                int at = Array.IndexOf(baseArgs, option.Name) is var i && i >= 0 ? i : option.Aliases.Select(a => Array.IndexOf(baseArgs, a)).FirstOrDefault(j => j >= 0, -1);
                if (at >= 0 && at + 1 < baseArgs.Length)
                    cases.Add(new BadCase(name, option.Name, "given twice", [.. baseArgs, option.Name, baseArgs[at + 1]]));
            }
            foreach (var argument in command.Arguments)
            {
                cases.Add(new BadCase(name, argument.Name, "empty argument", Replace(baseArgs, name == "merge" ? results.Search : results.Images, "")));
                cases.Add(new BadCase(name, argument.Name, "no such path", Replace(baseArgs, name == "merge" ? results.Search : results.Images, "/nonexistent/☃")));
            }
        }
        // Values valid in form that no job can honour: the largest int where it sizes an allocation or a count, a budget twice.
        var bases = Bases();
        cases.Add(new BadCase("search", "--samples", "int.MaxValue", With(bases["search"], "--samples", "2147483647")));
        cases.Add(new BadCase("count", "--input-size", "int.MaxValue", [.. bases["count"], "--input-size", "2147483647"]));
        cases.Add(new BadCase("run", "--budgets", "a budget twice", With(bases["run"], "--budgets", "20k,20000")));
        cases.Add(new BadCase("run", "--budgets", "an unreachable budget after a reachable one", With(bases["run"], "--budgets", "20k,900m")));
        return cases;
    }

    private static string[] With(string[] baseArgs, string option, string value)
    {
        int at = Array.IndexOf(baseArgs, option);
        return at < 0 ? [.. baseArgs, option, value] : baseArgs.Select((a, i) => i == at + 1 ? value : a).ToArray();
    }

    private IEnumerable<(string Kind, string Value)> BadValues(string command, string option, Type type, bool parseOnly)
    {
        if (type == typeof(int) || type == typeof(long))
        {
            yield return ("non-numeric", "abc");
            yield return ("fractional", "2.5");
            yield return ("huge", "99999999999999999999");
            if (!parseOnly && !SignedOk.Contains(option)) yield return ("negative", "-7");
        }
        else if (type == typeof(double))
        {
            yield return ("non-numeric", "abc");
            if (parseOnly) yield break;
            yield return ("NaN", "NaN");
            yield return ("infinite", "Infinity");
            yield return ("negative", "-7");
        }
        else
        {
            yield return ("empty", "");
            if (parseOnly) yield break;
            yield return ("blank", "   ");
            if (Outputs.Contains(option))
            {
                // Another result's file or folder: refused, never overwritten.
                if (option == "--out") yield return ("another result's folder", command is "train" ? results.Search : results.Training);
                if (option == "--onnx") yield return ("another result's file", Path.Combine(results.Training, "checkpoint"));
                if (option == "--csv") yield return ("another result's file", Path.Combine(results.Training, "result.json"));
                if (option == "--pytorch") yield return ("another result's folder", results.Training);
                if (option == "--out" && command == "merge") yield return ("its own shard", results.Search);
            }
            else yield return ("unknown name or path", "☃ÿ-no-such");
        }
    }

    private string[] With(string[] baseArgs, Option option, string value)
    {
        var names = option.Aliases.Append(option.Name).ToHashSet();
        var args = new List<string>();
        for (int i = 0; i < baseArgs.Length; i++)
        {
            if (names.Contains(baseArgs[i])) { i++; continue; } // the base's own value of this option is replaced
            args.Add(baseArgs[i]);
        }
        args.Add(option.Name);
        args.Add(value);
        return args.ToArray();
    }

    private static string[] Replace(string[] args, string from, string to) => args.Select(a => a == from ? to : a).ToArray();

    private (bool Ok, string Why) Check(BadCase c)
    {
        if (Environment.GetEnvironmentVariable("BLOCKSWAP_PROPERTY_TRACE") is { Length: > 0 } trace) File.AppendAllText(trace, c + "\n");
        var before = results.Digests();
        var args = c.Args.Select(a => a.Replace("{NEW}", results.NewPath())).ToArray();
        var (code, _, err) = CliHarness.Run(args);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("note:") && !l.StartsWith("data:") && !l.StartsWith("warning:")).ToArray();
        var after = results.Digests();
        var changed = before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out var a) || !after.TryGetValue(k, out var b) || a != b).ToArray();
        if (changed.Length > 0) return (false, $"changed {string.Join(", ", changed.Take(3))}");
        if (code is not (2 or 3)) return (false, $"exit {code}: {lines.FirstOrDefault() ?? "(nothing on stderr)"}");
        if (lines.Length != 1) return (false, $"{lines.Length} lines on stderr: {string.Join(" | ", lines.Take(3))}");
        if (err.Contains("   at ", StringComparison.Ordinal)) return (false, "a stack trace");
        return (true, "");
    }

    [Fact]
    public void BadInput_EndsWithOneLine_AndChangesNoResult()
    {
        var cases = Cases();
        Assert.True(cases.Count > 300, $"only {cases.Count} cases generated");
        if (Environment.GetEnvironmentVariable("BLOCKSWAP_PROPERTY_SURVEY") is { Length: > 0 } survey)
        {
            var failures = cases.Select(c => (Case: c, Result: Check(c))).Where(x => !x.Result.Ok).Select(x => $"{x.Case} → {x.Result.Why}").ToArray();
            File.WriteAllLines(survey, failures.Prepend($"{failures.Length} of {cases.Count} cases failed"));
            return;
        }
        bool all = Environment.GetEnvironmentVariable("BLOCKSWAP_PROPERTIES") == "long";
        Gen.OneOf(cases.ToArray()).Sample(c =>
        {
            var (ok, why) = Check(c);
            if (!ok) throw new Xunit.Sdk.XunitException($"{c} → {why}");
        }, seed: all ? null : Seed, iter: all ? cases.Count * 5 : cases.Count, threads: 1, print: c => c.ToString());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "in-process command line";
}
