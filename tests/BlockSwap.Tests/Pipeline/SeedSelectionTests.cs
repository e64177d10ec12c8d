using BlockSwap.Outputs.Pipeline;

namespace BlockSwap.Tests.Pipeline;

public class SeedSelectionTests
{
    private static long[] Selected(SeedSelection s, long firstSeed, int seeds) =>
        Enumerable.Range(0, seeds).Select(i => firstSeed + i).Where(seed => s.Includes(seed, firstSeed)).ToArray();

    [Theory]
    [InlineData("all", new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData("2", new long[] { 1, 2 })]
    [InlineData("9,10", new long[] { 9, 10 })]
    [InlineData("9-10", new long[] { 9, 10 })]
    [InlineData(" 4 , 9-10 ", new long[] { 4, 9, 10 })]
    [InlineData("10,9,9", new long[] { 9, 10 })]
    [InlineData("7-7", new long[] { 7 })]
    [InlineData("7,", new long[] { 7 })]
    public void Parse_SelectsTheSeedsItNames(string text, long[] expected) => Assert.Equal(expected, Selected(SeedSelection.Parse(text), 1, 10));

    [Fact]
    public void ACount_TakesTheFirstSeedsOfTheRun_WhateverItsFirstSeed() =>
        Assert.Equal([100, 101], Selected(SeedSelection.Parse("2"), 100, 5));

    [Theory]
    [InlineData("all", "all")]
    [InlineData("3", "3")]
    [InlineData("9,10", "9-10")]
    [InlineData("1,3-5,8", "1,3-5,8")]
    [InlineData("7,", "7-7")] // one named seed written as "7" would read back as a count
    public void ToString_IsWhatAUserTypes_AndParsesBackToTheSameSelection(string text, string written)
    {
        var s = SeedSelection.Parse(text);
        Assert.Equal(written, s.ToString());
        Assert.Equal(Selected(s, 1, 12), Selected(SeedSelection.Parse(written), 1, 12));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("10-9")]
    [InlineData("a,b")]
    [InlineData("1-2-3")]
    [InlineData(",")]
    [InlineData("")]
    [InlineData("1-1000000")]
    public void Parse_RefusesWhatIsNotASelection(string text)
    {
        var e = Assert.Throws<BlockSwapException>(() => SeedSelection.Parse(text));
        Assert.Equal($"'{text}' is not a seed selection: give all, a count N (the first N seeds), or seeds by number such as 9,10 or 9-10", e.Message);
    }

    [Fact]
    public void Validate_RefusesMoreSeedsThanTheRunTrains_OrASeedItDoesNot()
    {
        SeedSelection.Parse("9-10").Validate(1, 10, "--random-seeds");
        SeedSelection.Parse("3").Validate(1, 3, "--random-seeds");
        Assert.Equal("--random-seeds 4 is invalid: give 1 to --seeds (3), or name seeds from 1 to 3",
            Assert.Throws<BlockSwapException>(() => SeedSelection.Parse("4").Validate(1, 3, "--random-seeds")).Message);
        Assert.Equal("--random-seeds 9-11 is invalid: seed 11 is not one this run trains (1 to 10; raise --seeds or change --seed)",
            Assert.Throws<BlockSwapException>(() => SeedSelection.Parse("9-11").Validate(1, 10, "--random-seeds")).Message);
        Assert.Contains("seed 1 is not one",
            Assert.Throws<BlockSwapException>(() => SeedSelection.Parse("1,5").Validate(5, 2, "--random-seeds")).Message);
    }
}
