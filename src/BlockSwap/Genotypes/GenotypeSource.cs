using BlockSwap.Blocks;
using BlockSwap.Networks;

namespace BlockSwap.Genotypes;

/// <summary>Resolves the ways a user can name a network (a file, a block list, a uniform type or none) into a plan.</summary>
public static class GenotypeSource
{
    /// <summary>
    /// Exactly one of <paramref name="file"/>, <paramref name="blocks"/>, <paramref name="uniform"/> may be given;
    /// none means the plain all-Conv network (the teacher). A JSON file carries its own architecture and policy.
    /// </summary>
    public static NetworkPlan Resolve(Architecture arch, WrapperPolicy policy, string? file, string? blocks, string? uniform)
    {
        int given = new[] { file, blocks, uniform }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (given > 1)
            throw new BlockSwapException("give only one of --genotype, --blocks and --uniform");
        if (!string.IsNullOrWhiteSpace(file))
        {
            if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                return Checked(() => new NetworkPlan(arch, ReferenceCsv.Read(file), policy), file);
            return GenotypeFile.Load(file).ToPlan(file);
        }
        if (!string.IsNullOrWhiteSpace(blocks))
            return new NetworkPlan(arch, Genotype.Parse(blocks), policy);
        var type = string.IsNullOrWhiteSpace(uniform) ? BlockCatalogue.Get("Conv") : BlockCatalogue.Get(uniform);
        return NetworkPlan.Uniform(arch, type, policy);
    }

    private static NetworkPlan Checked(Func<NetworkPlan> make, string source)
    {
        try { return make(); }
        catch (BlockSwapException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new BlockSwapException($"{source}: {e.Message}");
        }
    }
}
