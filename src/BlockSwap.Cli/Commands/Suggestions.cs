using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>"did you mean" for an unknown option or command that is close to a known one.</summary>
internal static class Suggestions
{
    /// <summary>
    /// Meaning before spelling: a flag from timm or torchvision that has no equivalent gets its answer
    /// (<see cref="ForeignFlags"/>); otherwise the closest long name by edit distance, when it is close. Short aliases
    /// (-b, -j) are never suggested for a long flag: "--workers" once got "-b".
    /// </summary>
    public static string For(ParseResult parse, Command command)
    {
        var known = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Concat(command.Subcommands.Select(c => c.Name)).Distinct().ToArray();
        foreach (var token in parse.UnmatchedTokens)
        {
            if (ForeignFlags.AnswerFor(token) is { } answer) return $": {answer}";
            if (Elsewhere(parse.RootCommandResult.Command, command, token.Split('=', 2)[0]) is { } other) return other;
            bool longFlag = token.StartsWith("--", StringComparison.Ordinal);
            // A word that is no flag (an option's value left over) can only be a mistyped command, never an option.
            bool flag = token.StartsWith('-');
            var candidates = known.Where(k => flag ? !longFlag || k.StartsWith("--", StringComparison.Ordinal) : !k.StartsWith('-'));
            if (Spelling.Closest(token, candidates) is { } name) return $"; did you mean {name}?";
        }
        return "";
    }

    /// <summary>"--sched is an option of train, run (not of search)": a flag that is real, but in other commands.</summary>
    private static string? Elsewhere(Command root, Command here, string flag)
    {
        if (!flag.StartsWith('-')) return null;
        var owners = All(root).Where(c => c != here && c.Options.Any(o => o.Name == flag || o.Aliases.Contains(flag)))
            .Select(c => c.Name).Distinct().ToArray();
        if (owners.Length == 0) return null;
        var name = All(root).SelectMany(c => c.Options).First(o => o.Name == flag || o.Aliases.Contains(flag)).Name;
        return $": {(name == flag ? flag : $"{flag} ({name})")} is an option of {string.Join(", ", owners.Take(4))}, not of {here.Name}";
    }

    private static IEnumerable<Command> All(Command c) => c.Subcommands.SelectMany(All).Prepend(c);
}
