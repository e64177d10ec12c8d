using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Genotypes;

/// <summary>What <c>--genotype</c> accepts, and the one-line answer for everything else.</summary>
public class GenotypeSourceTests
{
    private static string TempDir() => Scratch.Folder("bs-gsrc-");

    private static string SaveJson(string dir, string arch, string blocks)
    {
        var path = Path.Combine(dir, GenotypeSource.SearchWinner);
        GenotypeFile.From(new NetworkSpec(Architecture.Parse(arch), Genotype.Parse(blocks)).ToPlan()).Save(path);
        return path;
    }

    [Fact]
    public void Resolve_TakesFilesAndASearchFolder()
    {
        var dir = TempDir();
        var best = SaveJson(dir, "wrn-10-1", "Conv,DConv,G4B2");
        Assert.Equal(best, GenotypeSource.Resolve(dir));
        Assert.Equal(best, GenotypeSource.Resolve(best));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_RefusesEmpty(string given) =>
        Assert.StartsWith("--genotype is empty; give a search's best.json", Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve(given)).Message);

    [Fact]
    public void Resolve_SaysWhatAFolderWithoutBestJsonHolds()
    {
        var empty = TempDir();
        Assert.Equal($"--genotype {empty} is a folder without best.json: it holds nothing; give a search's folder or its best.json, or the types with --blocks A,B,...",
            Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve(empty)).Message);
        var many = TempDir();
        foreach (var name in new[] { "h", "b", "g", "a", "f", "c", "e", "d" }) File.WriteAllText(Path.Combine(many, name), "");
        Assert.Contains("it holds a, b, c, d, e, f; give", Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve(many)).Message);
        var run = TempDir();
        File.WriteAllText(Path.Combine(run, "result.json"), "{}");
        Assert.Contains("it holds a training run (its network is in result.json; --init-from DIR fine-tunes it)",
            Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve(run)).Message);
    }

    [Fact]
    public void Resolve_PointsABlockListAtBlocks_AndAMissingFileIsSaid()
    {
        Assert.Equal("--genotype ' Conv,DConv,G8B2 ' is no file but reads as a block list; give it as --blocks Conv,DConv,G8B2",
            Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve(" Conv,DConv,G8B2 ")).Message);
        Assert.Equal("--genotype /nonexistent/g.json does not exist; give a search's best.json (or its folder), a reference .csv, or the types with --blocks A,B,...",
            Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve("/nonexistent/g.json")).Message);
        Assert.Contains("does not exist", Assert.Throws<BlockSwapException>(() => GenotypeSource.Resolve("Conv,Bogus")).Message);
    }

    [Fact]
    public void ArchitectureBeside_ComesFromTheBestJsonOfTheSameBlocks()
    {
        var dir = TempDir();
        var csv = Path.Combine(dir, "best.csv");
        var g = Genotype.Parse("Conv,DConv,G4B2");
        ReferenceCsv.WriteBest(csv, g);
        Assert.Null(GenotypeSource.ArchitectureBeside(csv, g));                         // nothing beside it
        SaveJson(dir, "wrn-10-2", "Conv,DConv,G4B2");
        Assert.Equal("wrn-10-2", GenotypeSource.ArchitectureBeside(csv, g)!.Name);
        Assert.Null(GenotypeSource.ArchitectureBeside(csv, Genotype.Parse("Conv,Conv,Conv")));   // another search's winner
        File.WriteAllText(Path.Combine(dir, "best.json"), "{ broken");
        Assert.Null(GenotypeSource.ArchitectureBeside(csv, g));
    }

    [Theory]
    [InlineData(3, "wrn-10-K (e.g. wrn-10-1)")]
    [InlineData(6, "wrn-16-K (e.g. wrn-16-1)")]
    [InlineData(18, "wrn-40-K (e.g. wrn-40-1)")]
    [InlineData(8, "resnet18")]
    [InlineData(16, "resnet34")]
    [InlineData(0, "no architecture of this tool")]
    [InlineData(7, "no architecture of this tool")]
    public void FittingArchitectures_NameEveryNetworkOfThatLength(int positions, string expected)
    {
        Assert.Equal(expected, GenotypeSource.FittingArchitectures(positions));
        if (positions % 3 == 0 && positions > 0) Assert.Equal(positions, Architecture.Parse($"wrn-{2 * positions + 4}-1").Positions.Count);
    }
}
