using BlockSwap.Data;
using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Genotypes;

/// <summary>How a network is named (architecture plus a genotype file, a block list or one type) and resolved for an input.</summary>
public class NetworkChoiceTests
{
    private static readonly Architecture Wrn10 = Architecture.Parse("wrn-10-1");
    private static readonly InputShape Gray28 = new(1, 28, 7);

    private static string TempDir() => Scratch.Folder("bs-choice-");

    private static string Json(string dir, Architecture arch, string blocks)
    {
        var path = Path.Combine(dir, "best.json");
        GenotypeFile.From(new NetworkSpec(arch, Genotype.Parse(blocks)).ToPlan()).Save(path);
        return path;
    }

    [Fact]
    public void BlocksUniformAndNothing_ReshapeTheArchitectureToTheInput()
    {
        var blocks = new NetworkChoice(Wrn10, Blocks: "Conv,DConv,G4B2").Resolve(Gray28, shapeFromData: true);
        Assert.Equal("Conv,DConv,G4B2", blocks.Genotype.ToString());
        Assert.Equal((1, 28, 7), (blocks.Architecture.InChannels, blocks.Architecture.InputSize, blocks.Architecture.Classes));
        Assert.Equal("G4B4,G4B4,G4B4", new NetworkChoice(Wrn10, Uniform: "g4b4").Resolve(Gray28, false).Genotype.ToString());
        var teacher = new NetworkChoice(Wrn10, WrapperPolicy.GroupFirst).Resolve(new InputShape(3, null, 10), false);
        Assert.Equal("Conv,Conv,Conv", teacher.Genotype.ToString());
        Assert.Equal((WrapperPolicy.GroupFirst, 32), (teacher.Policy, teacher.Architecture.InputSize));   // no size given: the architecture's
        Assert.Equal("give only one of a genotype file, a block list and a uniform type",
            Assert.Throws<BlockSwapException>(() => new NetworkChoice(Wrn10, Blocks: "Conv,Conv,Conv", Uniform: "Conv").Resolve(Gray28, false)).Message);
        Assert.Equal("Conv,Conv,Conv", new NetworkChoice(Wrn10, Blocks: " ", Uniform: "").Resolve(Gray28, false).Genotype.ToString());   // blanks name nothing
    }

    [Fact]
    public void AJsonGenotype_NamesItsOwnNetwork()
    {
        var dir = TempDir();
        var arch = Architecture.Parse("wrn-16-1", classes: 7, inChannels: 1, inputSize: 28);
        var json = Json(dir, arch, "Conv,DConv,G4B2,Conv,A2B2,DConvA4");
        var choice = new NetworkChoice(Architecture.Parse("wrn-40-2"), GenotypeFile: json) { ArchitectureGiven = false };
        Assert.Equal(arch, choice.Resolve(Gray28, shapeFromData: true).Architecture);
        Assert.Equal(ImageRequest.Fixed(1, 28), choice.FileShape);
        Assert.Equal($"--arch wrn-40-2 disagrees with {json}, a genotype of wrn-16-1; leave --arch out (the genotype names its network) or use a genotype of wrn-40-2",
            Assert.Throws<BlockSwapException>(() => (choice with { ArchitectureGiven = true }).Resolve(Gray28, false)).Message);
        // Data of another shape are refused, not silently fitted; without data the file's shape stands.
        Assert.StartsWith("data set the data has", Assert.Throws<BlockSwapException>(() => choice.Resolve(new InputShape(3, 32, 10), shapeFromData: true)).Message);
        Assert.Equal(arch, choice.Resolve(new InputShape(3, 32, 10), shapeFromData: false).Architecture);
        Assert.Null(new NetworkChoice(Wrn10, Blocks: "Conv,Conv,Conv").FileShape);
    }

    [Fact]
    public void AReferenceCsv_TakesTheArchitectureGivenOrTheOneBesideIt()
    {
        var dir = TempDir();
        var csv = Path.Combine(dir, "best.csv");
        ReferenceCsv.WriteBest(csv, Genotype.Parse("Conv,DConv,G4B2,Conv,A2B2,DConvA4"));
        Assert.Null(new NetworkChoice(Wrn10, GenotypeFile: csv).FileShape);
        Assert.Equal($"{csv} lists 6 block types, but wrn-10-1 (the default) has 3 positions; a reference .csv names no network: give --arch wrn-16-K (e.g. wrn-16-1)",
            Assert.Throws<BlockSwapException>(() => new NetworkChoice(Wrn10, GenotypeFile: csv) { ArchitectureGiven = false }.Resolve(Gray28, false)).Message);
        Assert.StartsWith($"{csv} lists 6 block types, but wrn-10-1 has 3 positions;",
            Assert.Throws<BlockSwapException>(() => new NetworkChoice(Wrn10, GenotypeFile: csv).Resolve(Gray28, false)).Message);
        var given = new NetworkChoice(Architecture.Parse("wrn-16-2"), GenotypeFile: csv).Resolve(Gray28, true);
        Assert.Equal(("wrn-16-2", 1, 28, 7), (given.Architecture.Name, given.Architecture.InChannels, given.Architecture.InputSize, given.Architecture.Classes));
        // The best.json the search wrote beside it names the network.
        Json(dir, Architecture.Parse("wrn-16-4"), "Conv,DConv,G4B2,Conv,A2B2,DConvA4");
        var beside = new NetworkChoice(Wrn10, GenotypeFile: csv) { ArchitectureGiven = false }.Resolve(Gray28, true);
        Assert.Equal(("wrn-16-4", 1, 28), (beside.Architecture.Name, beside.Architecture.InChannels, beside.Architecture.InputSize));
    }

    [Fact]
    public void ACsvWhoseBlocksCannotStand_IsRefusedWithTheFileNamed()
    {
        var dir = TempDir();
        var csv = Path.Combine(dir, "g.csv");
        // WRN-10-1's first group is 16 channels wide: too narrow for 16 groups after a bottleneck of 4.
        ReferenceCsv.WriteBest(csv, Genotype.Parse("G16B4,Conv,Conv"));
        var e = Assert.Throws<BlockSwapException>(() => new NetworkChoice(Wrn10, GenotypeFile: csv).Resolve(Gray28, false));
        Assert.StartsWith($"{csv}: ", e.Message);
        Assert.DoesNotContain($"{csv}: {csv}", e.Message);
    }
}
