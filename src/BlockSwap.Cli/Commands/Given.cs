using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>Options given on the command line (or in --config), not left at their defaults; and the rule that an option the job will not use is an error, not silently ignored.</summary>
internal static class Given
{
    public static bool Was(this ParseResult p, Option option) => p.GetResult(option) is { Implicit: false };

    /// <summary>Refuses each of <paramref name="options"/> that was given when <paramref name="used"/> is false: "--population applies only with --strategy evolution".</summary>
    public static void OnlyWith(ParseResult p, bool used, string when, params Option[] options)
    {
        if (used) return;
        if (options.FirstOrDefault(p.Was) is { } given)
            throw new BlockSwapException($"{given.Name} applies only {when}; add that, or leave {given.Name} out");
    }
}
