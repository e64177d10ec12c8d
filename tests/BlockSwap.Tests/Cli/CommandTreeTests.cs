using System.CommandLine;
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
        Assert.True(commands.Length > 15);
        foreach (var command in commands)
        {
            var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).ToArray();
            var repeated = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
            Assert.True(repeated.Length == 0, $"{command.Name}: {string.Join(", ", repeated)} declared twice");
        }
    }
}
