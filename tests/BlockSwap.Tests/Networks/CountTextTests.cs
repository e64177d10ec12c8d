using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Networks;

/// <summary>Counts as people write them (budgets, MAC limits), each refusal with the message a user reads.</summary>
public class CountTextTests
{
    private static readonly Architecture Wrn161 = Architecture.WideResNet(16, 1, classes: 10, inChannels: 1, inputSize: 28);

    [Theory]
    [InlineData("400000", 400_000)]
    [InlineData("400k", 400_000)]
    [InlineData(" 1.6M ", 1_600_000)]
    [InlineData("2g", 2_000_000_000)]
    [InlineData("1_000", 1_000)]
    [InlineData("1,500", 1_500)]
    [InlineData("2.5", 2)]                     // rounded to whole parameters, halves to even
    [InlineData("1", 1)]                       // the smallest count
    public void Budget_ReadsSuffixesAndSeparators(string text, long expected) => Assert.Equal(expected, CountText.Budget(text));

    [Theory]
    [InlineData("60m", 60_000_000)]
    [InlineData("1.2G", 1_200_000_000)]
    [InlineData("7k", 7_000)]
    public void Macs_ReadLikeBudgets(string text, long expected) => Assert.Equal(expected, CountText.Macs(text));

    [Theory]
    [InlineData("abc", "budget 'abc' is not a parameter count; write e.g. 400k")]
    [InlineData("0", "budget '0' is not a parameter count; write e.g. 400k")]
    [InlineData("-5k", "budget '-5k' is not a parameter count; write e.g. 400k")]
    [InlineData("1e400", "budget '1e400' is not a parameter count; write e.g. 400k")]   // parses to infinity
    [InlineData("0.25", "budget '0.25' is less than one parameter; for a share of the teacher write a percentage (25%), or a count such as 400k")]
    [InlineData("0.0005k", "budget '0.0005k' is less than one parameter; for a share of the teacher write a percentage (0.05%), or a count such as 400k")]
    [InlineData("9.2e9g", "budget '9.2e9g' is beyond any network's size (over 9.2e18); write e.g. 400k")]
    [InlineData("25%", "budget '25%' is a fraction of the teacher, which this command does not know; give a parameter count such as 400k (search and study take 25%)")]
    public void Budget_RefusesWithTheFix(string text, string message) =>
        Assert.Equal(message, Assert.Throws<BlockSwapException>(() => CountText.Budget(text)).Message);

    [Theory]
    [InlineData("0.5", "MAC limit '0.5' is less than one; write e.g. 60m")]
    [InlineData("x", "MAC limit 'x' is not a count of multiply-accumulates; write e.g. 60m")]
    public void Macs_RefuseWithTheirOwnWords(string text, string message) =>
        Assert.Equal(message, Assert.Throws<BlockSwapException>(() => CountText.Macs(text)).Message);

    [Fact]
    public void Budget_JustBelowTheLimit_IsACount() => Assert.Equal(9_100_000_000_000_000_000, CountText.Budget("9.1e9g"));

    [Fact]
    public void Percentage_IsOfTheAllConvTeacher()
    {
        long teacher = NetworkSpec.Teacher(Wrn161).ToPlan().Parameters;
        Assert.Equal(174_778, teacher);                                   // WRN-16-1 on one channel, 10 classes
        Assert.Equal(43_694, CountText.Budget("25%", Wrn161));              // 43,694.5, rounded to even
        Assert.Equal(teacher, CountText.Budget("100%", Wrn161));
        Assert.Equal(1748, CountText.Budget(" 1% ", Wrn161));              // 1,747.78 rounded
        Assert.Equal(44_000, CountText.Budget("44k", Wrn161));            // a count stays a count
        foreach (var bad in new[] { "0%", "101%", "x%", "-3%" })
            Assert.Equal($"budget '{bad}' is not a percentage of the teacher between 0 and 100; write e.g. 25%",
                Assert.Throws<BlockSwapException>(() => CountText.Budget(bad, Wrn161)).Message);
    }

    [Fact]
    public void Budgets_AreAListInTheOrderGiven_EachOnce()
    {
        Assert.Equal([22_000, 11_000, 43_694], CountText.Budgets("22k, 11k,,25%", Wrn161));
        Assert.Equal([5_000], CountText.Budgets("5k", Wrn161));
        Assert.Equal("--budgets is empty; give one or more budgets, e.g. 11k,22k,44k or 25%",
            Assert.Throws<BlockSwapException>(() => CountText.Budgets(" , ", Wrn161)).Message);
        Assert.Equal("--budgets names 11,000 more than once (11k,22k,11000); give each budget once",
            Assert.Throws<BlockSwapException>(() => CountText.Budgets("11k,22k,11000", Wrn161)).Message);
    }
}
