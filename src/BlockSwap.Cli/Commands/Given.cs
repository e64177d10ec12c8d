using System.CommandLine;
using System.Runtime.CompilerServices;

namespace BlockSwap.Cli.Commands;

/// <summary>Options given on the command line (or in --config), not left at their defaults; and the rule that an option the job will not use is an error, not silently ignored.</summary>
internal static class Given
{
    public static bool Was(this ParseResult p, Option option) => p.GetResult(option) is { Implicit: false };

    /// <summary>Refuses each of <paramref name="options"/> that was given when <paramref name="used"/> is false: "--population applies only with --strategy evolution".</summary>
    public static void OnlyWith(ParseResult p, bool used, string when, params Option[] options)
    {
        if (used) return;
        // Their defaults are not written to config.json either, or the rerun from it would be refused.
        foreach (var o in options) unused.GetOrCreateValue(p).Add(o);
        if (options.FirstOrDefault(p.Was) is { } given)
            throw new BlockSwapException($"{given.Name} applies only {when}; add that, or leave {given.Name} out");
    }

    /// <summary>Whether the job does not use <paramref name="option"/> (an <see cref="OnlyWith"/> condition is false).</summary>
    public static bool Unused(this ParseResult p, Option option) => unused.TryGetValue(p, out var set) && set.Contains(option);

    private static readonly ConditionalWeakTable<ParseResult, HashSet<Option>> unused = new();
}
