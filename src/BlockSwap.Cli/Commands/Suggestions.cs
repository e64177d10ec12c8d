using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>"did you mean" for an unknown option or command that is close to a known one.</summary>
internal static class Suggestions
{
    public static string For(ParseResult parse, Command command)
    {
        var known = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Concat(command.Subcommands.Select(c => c.Name)).Distinct().ToArray();
        foreach (var token in parse.UnmatchedTokens)
        {
            var best = known.Select(k => (Name: k, Distance: Distance(token, k))).OrderBy(x => x.Distance).FirstOrDefault();
            if (best.Name is not null && (best.Distance <= Math.Max(2, token.Length / 4) || best.Name.StartsWith(token, StringComparison.Ordinal) && token.Length > 3))
                return $"; did you mean {best.Name}?";
        }
        return "";
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int previous = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
