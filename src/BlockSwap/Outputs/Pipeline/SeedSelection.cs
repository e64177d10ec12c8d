using System.Globalization;

namespace BlockSwap.Outputs.Pipeline;

/// <summary>
/// Which of a run's seeds a baseline trains: all of them, the first N, or seeds named by number (<c>9,10</c>,
/// <c>9-10</c>). Naming seeds lets a baseline added late be trained beside the pick it is paired with, on the machine
/// that trains that pick, rather than beside picks trained long ago elsewhere.
/// </summary>
public sealed class SeedSelection
{
    private readonly int? first;
    private readonly long[]? named;

    private SeedSelection(int? first, long[]? named)
    {
        this.first = first;
        this.named = named;
    }

    public static SeedSelection All { get; } = new(null, null);

    public static SeedSelection First(int count) => new(count, null);

    public static SeedSelection Named(IEnumerable<long> seeds) => new(null, seeds.Distinct().Order().ToArray());

    /// <summary><c>all</c>; a count (<c>2</c>: the first two); or seeds by number, comma-separated items that are a seed or a range (<c>9,10</c>, <c>9-10</c>, <c>4,9-10</c>).</summary>
    public static SeedSelection Parse(string text)
    {
        var t = text.Trim();
        if (t.Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (!t.Contains(',') && !t.Contains('-'))
            return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
                ? First(n)
                : throw Invalid(text);
        var seeds = new List<long>();
        foreach (var item in t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = item.Split('-', StringSplitOptions.TrimEntries)
                .Select(e => long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : (long?)null).ToArray();
            if (bounds.Length > 2 || bounds.Any(b => b is null)) throw Invalid(text);
            long from = bounds[0]!.Value, to = bounds[^1]!.Value;
            if (to < from || to - from >= MaxNamed) throw Invalid(text);
            for (long s = from; s <= to; s++) seeds.Add(s);
        }
        return seeds.Count > 0 ? Named(seeds) : throw Invalid(text);
    }

    private const int MaxNamed = 100_000;

    private static BlockSwapException Invalid(string text) =>
        new($"'{text}' is not a seed selection: give all, a count N (the first N seeds), or seeds by number such as 9,10 or 9-10");

    /// <summary>Whether <paramref name="seed"/>, of seeds <paramref name="firstSeed"/>, <paramref name="firstSeed"/> + 1, …, is selected.</summary>
    public bool Includes(long seed, long firstSeed) => named is not null ? Array.BinarySearch(named, seed) >= 0 : first is null || seed - firstSeed < first;

    /// <summary>A count above the run's seeds, or a named seed that the run does not train, is an error naming the run's seeds.</summary>
    public void Validate(long firstSeed, int seeds, string option)
    {
        long last = firstSeed + seeds - 1;
        if (first is { } n && n > seeds)
            throw new BlockSwapException($"{option} {n} is invalid: give 1 to --seeds ({seeds}), or name seeds from {firstSeed} to {last}");
        long[] outside = (named ?? []).Where(s => s < firstSeed || s > last).ToArray();
        if (outside.Length > 0)
            throw new BlockSwapException($"{option} {this} is invalid: seed {outside[0]} is not one this run trains ({firstSeed} to {last}; raise --seeds or change --seed)");
    }

    /// <summary>As a user types it (for <c>config.json</c>): <c>all</c>, a count, or the named seeds with runs written as ranges.</summary>
    public override string ToString()
    {
        if (named is null) return first?.ToString(CultureInfo.InvariantCulture) ?? "all";
        var parts = new List<string>();
        for (int i = 0; i < named.Length;)
        {
            int j = i;
            while (j + 1 < named.Length && named[j + 1] == named[j] + 1) j++;
            // A lone seed as a range: "9" alone would read back as a count.
            parts.Add(j == i && named.Length > 1 ? $"{named[i]}" : $"{named[i]}-{named[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
