using BlockSwap.Engine.Networks;

namespace BlockSwap.Engine.Genotypes;

/// <summary>
/// What a user passes as <c>--genotype</c>, turned into a genotype file or a one-line answer: a search's folder means its
/// <c>best.json</c>; a block list typed inline belongs to <c>--blocks</c>; anything else must be a .json or .csv file.
/// </summary>
public static class GenotypeSource
{
    public const string SearchWinner = "best.json";

    /// <summary>The genotype file <paramref name="given"/> names (a search folder's best.json), or a clear error.</summary>
    public static string Resolve(string given)
    {
        if (string.IsNullOrWhiteSpace(given))
            throw new BlockSwapException("--genotype is empty; give a search's best.json (or its folder), a reference .csv, or the types with --blocks A,B,...");
        if (Directory.Exists(given))
        {
            var best = Path.Combine(given, SearchWinner);
            if (File.Exists(best)) return best;
            var holds = Directory.EnumerateFileSystemEntries(given).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(6).ToArray();
            var what = File.Exists(Path.Combine(given, "result.json"))
                ? "a training run (its network is in result.json; --init-from DIR fine-tunes it)"
                : holds.Length == 0 ? "nothing" : string.Join(", ", holds);
            throw new BlockSwapException($"--genotype {given} is a folder without {SearchWinner}: it holds {what}; give a search's folder or its best.json, or the types with --blocks A,B,...");
        }
        if (!File.Exists(given))
        {
            if (LooksLikeBlockList(given))
                throw new BlockSwapException($"--genotype '{given}' is no file but reads as a block list; give it as --blocks {given.Trim()}");
            throw new BlockSwapException($"--genotype {given} does not exist; give a search's best.json (or its folder), a reference .csv, or the types with --blocks A,B,...");
        }
        return given;
    }

    private static bool LooksLikeBlockList(string text)
    {
        try
        {
            _ = Genotype.Parse(text); // refuses an empty list
            return true;
        }
        catch (BlockSwapException) { return false; }
    }

    /// <summary>
    /// The architecture for a reference .csv (which names no network) when none was given: the one of the best.json
    /// beside it when that holds the same blocks (the tool writes both); otherwise null.
    /// </summary>
    public static Architecture? ArchitectureBeside(string csv, Genotype genotype)
    {
        var best = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csv)) ?? ".", SearchWinner);
        if (!File.Exists(best)) return null;
        try
        {
            var spec = GenotypeFile.Load(best).Network;
            return spec.Genotype.Equals(genotype) ? spec.Architecture : null;
        }
        catch (BlockSwapException) { return null; }
    }

    /// <summary>Networks with <paramref name="positions"/> block positions, for a hint: wrn-(2N+4)-K, resnet18 (8), resnet34 (16).</summary>
    public static string FittingArchitectures(int positions) => positions switch
    {
        8 => "resnet18",
        16 => "resnet34",
        > 0 when positions % 3 == 0 => $"wrn-{2 * positions + 4}-K (e.g. wrn-{2 * positions + 4}-1)",
        _ => "no architecture of this tool",
    };
}
