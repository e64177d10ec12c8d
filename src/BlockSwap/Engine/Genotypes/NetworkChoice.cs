using BlockSwap.Description.Blocks;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Engine.Genotypes;

/// <summary>
/// How a user names a network: an architecture (reshaped to the input) and wrapper policy, plus at most one of a genotype file
/// (.json of this project, or the reference's .csv), a block list, or one type for every position. None of the
/// three means the plain all-Conv network (the teacher). A JSON file brings its own architecture and policy.
/// </summary>
public sealed record NetworkChoice(Networks.Architecture Architecture, WrapperPolicy Policy = WrapperPolicy.PerBlock, string? GenotypeFile = null,
    string? Blocks = null, string? Uniform = null)
{
    /// <summary>Whether the user named the architecture (otherwise a reference .csv may take it from the best.json beside it).</summary>
    public bool ArchitectureGiven { get; init; } = true;

    /// <summary>The genotype file when it is this project's JSON (which names its own network), else null.</summary>
    private string? JsonFile => !string.IsNullOrWhiteSpace(GenotypeFile) && !GenotypeFile.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? GenotypeFile : null;

    /// <summary>Channels and side a JSON genotype fixes (null otherwise: the data or the options decide).</summary>
    public ImageRequest? FileShape => JsonFile is { } f && Genotypes.GenotypeFile.Load(f).Network.Architecture is var a ? ImageRequest.Fixed(a.InChannels, a.InputSize) : null;

    /// <summary>
    /// The spec for an input shape. With <paramref name="shapeFromData"/> the shape is a data set's: a JSON
    /// genotype made for another shape is refused rather than silently rebuilt.
    /// </summary>
    public NetworkSpec Resolve(InputShape shape, bool shapeFromData)
    {
        int given = new[] { GenotypeFile, Blocks, Uniform }.Count(s => !string.IsNullOrWhiteSpace(s));
        if (given > 1)
            throw new BlockSwapException("give only one of a genotype file, a block list and a uniform type");
        if (JsonFile is { } json)
        {
            var spec = Genotypes.GenotypeFile.Load(json).Network;
            // An architecture named beside a JSON genotype must agree with it, not be silently ignored.
            if (ArchitectureGiven && spec.Architecture.Name != Architecture.Name)
                throw new BlockSwapException($"--arch {Architecture.Name} disagrees with {json}, a genotype of {spec.Architecture.Name}; leave --arch out (the genotype names its network) or use a genotype of {Architecture.Name}");
            if (shapeFromData)
                DataShape.Check("the data", shape, spec.Architecture.Shape, json);
            return spec;
        }
        var arch = Architecture.Reshaped(shape.Classes, shape.Channels, shape.Size ?? Architecture.InputSize);
        if (!string.IsNullOrWhiteSpace(GenotypeFile))
        {
            var genotype = ReferenceCsv.Read(GenotypeFile);
            if (!ArchitectureGiven && GenotypeSource.ArchitectureBeside(GenotypeFile, genotype) is { } beside)
                arch = beside.Reshaped(shape.Classes, shape.Channels, shape.Size ?? beside.InputSize);
            else if (genotype.Count != arch.Positions.Count)
                throw new BlockSwapException($"{GenotypeFile} lists {genotype.Count} block types, but {arch.Name}{(ArchitectureGiven ? "" : " (the default)")} has " +
                                             $"{arch.Positions.Count} positions; a reference .csv names no network: give --arch {GenotypeSource.FittingArchitectures(genotype.Count)}");
            return Checked(() => new NetworkSpec(arch, genotype, Policy), GenotypeFile);
        }
        if (!string.IsNullOrWhiteSpace(Blocks))
            return new NetworkSpec(arch, Genotype.Parse(Blocks), Policy);
        var type = string.IsNullOrWhiteSpace(Uniform) ? BlockCatalogue.Get("Conv") : BlockCatalogue.Get(Uniform);
        return NetworkSpec.Uniform(arch, type, Policy);
    }

    private static NetworkSpec Checked(Func<NetworkSpec> make, string source)
    {
        try
        {
            var spec = make();
            spec.ToPlan();
            return spec;
        }
        catch (BlockSwapException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new BlockSwapException($"{source}: {e.Message}");
        }
    }
}
