using System.Text.Json;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Networks;

public class NetworkSpecTests
{
    private static NetworkSpec Spec(WrapperPolicy policy = WrapperPolicy.GroupFirst) =>
        new(Architecture.WideResNet(16, 2, classes: 7, inChannels: 1, inputSize: 28), Genotype.Parse("Conv,G8B2,DConvA4,A4B2,DConvG8,ConvB4"), policy);

    [Fact]
    public void Json_IsTheFlatGenotypeForm_AndRoundTripsToAnEqualSpec()
    {
        var json = JsonSerializer.Serialize(Spec(), JsonFormats.Indented);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("wrn-16-2", root.GetProperty("architecture").GetString());
        Assert.Equal(16, root.GetProperty("depth").GetInt32());
        Assert.Equal(2, root.GetProperty("width").GetInt32());
        Assert.Equal(7, root.GetProperty("classes").GetInt32());
        Assert.Equal(1, root.GetProperty("inChannels").GetInt32());
        Assert.Equal(28, root.GetProperty("inputSize").GetInt32());
        Assert.Equal("group-first", root.GetProperty("wrapper").GetString());
        Assert.Equal(6, root.GetProperty("blocks").GetArrayLength());
        var back = JsonSerializer.Deserialize<NetworkSpec>(json, JsonFormats.Indented);
        Assert.Equal(Spec(), back);
        Assert.NotEqual(Spec(WrapperPolicy.PerBlock), back);
        Assert.NotEqual(Spec() with { Architecture = Architecture.WideResNet(16, 2, classes: 10, inChannels: 1, inputSize: 28) }, back);
    }

    [Fact]
    public void Json_WithAnInvalidNetwork_IsRefusedWithTheReason()
    {
        var e = Assert.Throws<BlockSwapException>(() => JsonSerializer.Deserialize<NetworkSpec>(
            "{\"architecture\":\"wrn-16-1\",\"blocks\":[\"Conv\",\"Nope\",\"Conv\",\"Conv\",\"Conv\",\"Conv\"]}", JsonFormats.Indented));
        Assert.StartsWith("blocks: unknown block type 'Nope' at position 1", e.Message);
        var count = Assert.Throws<BlockSwapException>(() => JsonSerializer.Deserialize<NetworkSpec>(
            "{\"architecture\":\"wrn-16-1\",\"blocks\":[\"Conv\"]}", JsonFormats.Indented));
        Assert.Contains("6 block positions", count.Message);
        Assert.Equal("the network description has no 'architecture' field (e.g. \"wrn-40-2\")",
            Assert.Throws<BlockSwapException>(() => JsonSerializer.Deserialize<NetworkSpec>("{\"blocks\":[\"Conv\"]}", JsonFormats.Indented)).Message);
        foreach (var blocks in new[] { "", ",\"blocks\":[]" })
            Assert.Equal("the network description has no 'blocks' list (one block type per position)", Assert.Throws<BlockSwapException>(() =>
                JsonSerializer.Deserialize<NetworkSpec>("{\"architecture\":\"wrn-16-1\"" + blocks + "}", JsonFormats.Indented)).Message);
    }

    [Fact]
    public void ToString_NamesArchitectureBlocksAndPolicy() =>
        Assert.Equal("wrn-16-2 [Conv,G8B2,DConvA4,A4B2,DConvG8,ConvB4] (group-first)", Spec().ToString());

    [Theory]
    [InlineData("per-block", WrapperPolicy.PerBlock)]
    [InlineData("perblock", WrapperPolicy.PerBlock)]
    [InlineData("Per-Block-Type", WrapperPolicy.PerBlock)]
    [InlineData("group-first", WrapperPolicy.GroupFirst)]
    [InlineData(" groupfirst ", WrapperPolicy.GroupFirst)]
    public void WrapperPolicy_TakesItsNamesAndAliases(string text, WrapperPolicy expected)
    {
        Assert.Equal(expected, WrapperPolicies.Parse(text));
        Assert.StartsWith("unknown wrapper policy 'per-type'", Assert.Throws<BlockSwapException>(() => WrapperPolicies.Parse("per-type")).Message);
    }

    [Fact]
    public void Plan_IsBuiltFromTheSpec()
    {
        var plan = Spec().ToPlan();
        Assert.Equal(Spec().Architecture, plan.Architecture);
        Assert.Equal(Spec(), plan.Spec);
        Assert.Equal(WrapperPolicy.GroupFirst, plan.Policy);
    }
}
