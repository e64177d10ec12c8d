using System.CommandLine;
using BlockSwap.Cli;
using BlockSwap.Cli.Commands;

namespace BlockSwap.Tests.Cli;

/// <summary>The command tree itself: two options of one command may never share a name (the second would silently never be read).</summary>
public class CommandTreeTests
{
    private static IEnumerable<Command> All(Command c) => c.Subcommands.SelectMany(All).Prepend(c);

    [Fact]
    public void NoCommandHasTwoOptionsOfOneName()
    {
        var commands = CommandRegistry.Extra().Append(BlocksCommand.Create()).Append(CountCommand.Create()).SelectMany(All).ToArray();
        // Every command a user runs is checked (the benchmarks are their own program, bench/BlockSwap.Bench).
        Assert.Superset(new HashSet<string>(["blocks", "count", "train", "eval", "search", "merge", "study", "run", "demo", "export", "latency", "predict", "latency-table", "data"]),
            commands.Select(c => c.Name).ToHashSet());
        foreach (var command in commands)
        {
            var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToArray();
            var repeated = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
            Assert.True(repeated.Length == 0, $"{command.Name}: {string.Join(", ", repeated)} declared twice");
        }
    }
}

/// <summary>The flags timm and torchvision users type: aliases where the meaning is the same, answers where it is not.</summary>
public class ForeignFlagTests
{
    private static RootCommand Root()
    {
        var root = new RootCommand { BlocksCommand.Create(), CountCommand.Create() };
        foreach (var c in CommandRegistry.Extra()) root.Subcommands.Add(c);
        ForeignFlags.Apply(root);
        return root;
    }

    private static string Suggest(RootCommand root, string line)
    {
        var parse = root.Parse(line);
        return Suggestions.For(parse, parse.CommandResult.Command);
    }

    [Fact]
    public void Aliases_ParseToOurOptions()
    {
        var root = Root();
        var parse = root.Parse("train --model wrn-10-1 --output runs/x --opt adamw --sched step --smoothing 0.1 --data-dir d --wd 0.01 --epochs 1");
        Assert.Empty(parse.Errors);
        var train = root.Subcommands.Single(c => c.Name == "train");
        string Value(string name) => parse.GetResult(train.Options.Single(o => o.Name == name))!.Tokens.Single().Value;
        Assert.Equal("wrn-10-1", Value("--arch"));
        Assert.Equal("runs/x", Value("--out"));
        Assert.Equal("adamw", Value("--optimizer"));
        Assert.Equal("step", Value("--schedule"));
        Assert.Equal("0.1", Value("--label-smoothing"));
        Assert.Equal("d", Value("--data"));
        Assert.Equal("0.01", Value("--weight-decay"));
        Assert.Contains("--output-dir", root.Subcommands.Single(c => c.Name == "run").Options.Single(o => o.Name == "--out").Aliases);
    }

    [Fact]
    public void Suggestions_PreferMeaningOverSpelling()
    {
        var root = Root();
        // Each once got a suggestion by spelling alone: --output → --cutout, --sched → --seed, --workers → -b.
        Assert.Contains("loader workers", Suggest(root, "train --workers 4 --epochs 1 -o x"));
        Assert.Contains("tensorboard", Suggest(root, "train --log-interval 10 --epochs 1 -o x"));
        Assert.Equal(": --sched (--schedule) is an option of run, study, train, not of search", Suggest(root, "search --sched cosine -o x"));
        Assert.Equal("; did you mean --epochs?", Suggest(root, "train --epoch 3 -o x"));
        Assert.DoesNotContain("-b", Suggest(root, "train --bogus-flag 3 --epochs 1 -o x"));
    }
}
