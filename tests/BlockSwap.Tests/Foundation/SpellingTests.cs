using BlockSwap.Data;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using BlockSwap.Outputs.Pipeline;

namespace BlockSwap.Tests.Foundation;

/// <summary>"did you mean" for a mistyped name, in the library's registries and the command line alike.</summary>
public class SpellingTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("G8B2", "G8B2", 0)]
    [InlineData("DConvA4", "DConvA2", 1)]
    [InlineData("ab", "ba", 2)]
    public void Distance_IsLevenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, Spelling.Distance(a, b));
        Assert.Equal(expected, Spelling.Distance(b, a));
    }

    [Theory]
    [InlineData("G8B3", "G8B2")]            // one edit
    [InlineData("dconv", "DConv")]          // case is ignored
    [InlineData("  G4B4 ", "G4B4")]         // so are surrounding spaces
    [InlineData("MBCo", "MBConv6")]        // three edits, but the beginning of the name
    [InlineData("Bogus", null)]             // nothing close
    [InlineData("Con", "Conv")]
    [InlineData("xyz", null)]
    public void Closest_OffersOnlyACloseName(string typed, string? expected) =>
        Assert.Equal(expected, Spelling.Closest(typed, BlockCatalogue.All.Select(t => t.Name)));

    [Fact]
    public void Closest_AllowsMoreEditsForLongerNames()
    {
        // Two edits always; a fifth of the length beyond that (3 edits for 15 characters and more).
        Assert.Equal("abcdefghijklmno", Spelling.Closest("abcdefghijklXYZ", ["abcdefghijklmno"]));
        Assert.Null(Spelling.Closest("abcdefghijkXYZ", ["abcdefghijklmn"]));
        Assert.Null(Spelling.Closest("anything", []));
    }

    [Fact]
    public void Registries_NameTheClosestEntry()
    {
        Assert.Contains("'G8B3' (did you mean G8B2?); valid types:", Assert.Throws<BlockSwapException>(() => BlockCatalogue.Get("G8B3")).Message);
        Assert.Contains("'G8B3' at position 1 (did you mean G8B2?)", Assert.Throws<BlockSwapException>(() => Genotype.Parse("Conv,G8B3,Conv")).Message);
        Assert.Contains("'fashion-minst' (did you mean fashion-mnist?)", Assert.Throws<BlockSwapException>(() => DataSources.Get("fashion-minst")).Message);
        Assert.Contains("'fsher' (did you mean fisher?)", Assert.Throws<BlockSwapException>(() => BlockSwap.Methods.Scoring.ProxyRegistry.Get("fsher")).Message);
        Assert.Contains("'qiuck' is unknown (did you mean quick?)", Assert.Throws<BlockSwapException>(() => RunPresets.Get("qiuck", 1)).Message);
        Assert.Contains("unknown wrapper policy 'per-blok' (did you mean per-block?)",
            Assert.Throws<BlockSwapException>(() => EnumNames.Parse<WrapperPolicy>("per-blok", "wrapper policy")).Message);
        Assert.DoesNotContain("did you mean", Assert.Throws<BlockSwapException>(() => BlockCatalogue.Get("Bogus")).Message);
    }

    [Fact]
    public void Presets_ThatReadFilesFromDisk_NeedTheirFolder()
    {
        Assert.Contains("--data DIR", Assert.Throws<BlockSwapException>(() => RunPresets.Get("paper", 1)).Message);
        Assert.Equal("paper", RunPresets.Get("Paper", 1, dataFolder: "/data/cifar10").Name);
        Assert.Equal("demo", RunPresets.Get(" demo ", 1).Name);
    }
}
