using System.Text.Json;
using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Networks;

/// <summary>One block type per position: parsing, mutation, equality and its JSON form.</summary>
public class GenotypeTests
{
    [Fact]
    public void Parse_TakesListsAsPeopleCopyThem()
    {
        Assert.Equal("Conv,G8B2,DConv", Genotype.Parse(" ['Conv', \"G8B2\" ,DConv,] ").ToString());
        Assert.Equal(3, Genotype.Parse("Conv, ,G8B2,DConv").Count);                  // empty items are skipped
        Assert.Equal("blocks: no block types given; list one per position, e.g. Conv,DConv,G8B2",
            Assert.Throws<BlockSwapException>(() => Genotype.Parse("[ ]", "blocks")).Message);
        var unknown = Assert.Throws<BlockSwapException>(() => Genotype.Parse("Conv,Conx")).Message;
        Assert.StartsWith("block list: unknown block type 'Conx' at position 1", unknown);
    }

    [Fact]
    public void With_ChangesOnlyItsPosition()
    {
        var g = Genotype.Parse("Conv,Conv,Conv");
        var m = g.With(1, BlockCatalogue.Get("DConv"));
        Assert.Equal("Conv,DConv,Conv", m.ToString());
        Assert.Equal("Conv,Conv,Conv", g.ToString());                                  // the original is untouched
        Assert.Equal(BlockCatalogue.Get("DConv"), m[1]);
    }

    [Fact]
    public void Equality_AndHash_FollowTheBlocksInOrder()
    {
        var a = Genotype.Parse("Conv,G8B2");
        Assert.Equal(a, Genotype.Parse("Conv, G8B2"));
        Assert.NotEqual(a, Genotype.Parse("G8B2,Conv"));
        Assert.False(a.Equals(null));
        Assert.True(a.Equals((object)Genotype.Parse("Conv,G8B2")));
        Assert.Equal(a.GetHashCode(), Genotype.Parse("Conv,G8B2").GetHashCode());
        // Order matters in the hash too (a set of genotypes tells these apart without comparing them).
        Assert.NotEqual(a.GetHashCode(), Genotype.Parse("G8B2,Conv").GetHashCode());
        int expected = 17;
        foreach (var name in new[] { "Conv", "G8B2" }) expected = expected * 31 + name.GetHashCode(StringComparison.Ordinal);
        Assert.Equal(expected, a.GetHashCode());
    }

    [Fact]
    public void Json_IsTheListOfNames()
    {
        var g = Genotype.Parse("Conv,DConvA4");
        Assert.Equal("""["Conv","DConvA4"]""", JsonSerializer.Serialize(g));
        Assert.Equal(g, JsonSerializer.Deserialize<Genotype>("""["Conv","DConvA4"]"""));
        Assert.Equal("blocks: no block types given; list one per position, e.g. Conv,DConv,G8B2",
            Assert.Throws<BlockSwapException>(() => JsonSerializer.Deserialize<Genotype>("[]")).Message);
    }
}
