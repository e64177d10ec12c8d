using System.Text.Json;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Networks;

/// <summary>Skeletons by name: what they hold, the names they take, and every refusal with its fix.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Positions_CarryTheReferencesModulePaths_AndOutputSizes()
    {
        var wrn = Architecture.Parse("wrn-16-1", classes: 10, inChannels: 1, inputSize: 28);
        Assert.Equal(["block1.0.layer.0", "block1.0.layer.1", "block2.0.layer.0", "block2.0.layer.1", "block3.0.layer.0", "block3.0.layer.1"],
            wrn.Positions.Select(p => p.Path));
        Assert.Equal([28, 28, 14, 14, 7, 7], wrn.Positions.Select(p => p.OutputSize));
        Assert.Equal((16, 1), wrn.WideResNetSize);
        Assert.Equal((40, 2), Architecture.Parse("WRN-40-2").WideResNetSize);
        Assert.Null(Architecture.Parse("resnet18").WideResNetSize);
    }

    [Theory]
    [InlineData("resnet18", "resnet18", 224)]
    [InlineData("ResNet-18", "resnet18", 224)]
    [InlineData(" resnet34 ", "resnet34", 224)]
    [InlineData("resnet-34", "resnet34", 224)]
    [InlineData("wrn-10-4", "wrn-10-4", 32)]
    public void Parse_TakesEachSpelling_WithTheFamilysInputSize(string text, string name, int inputSize)
    {
        var a = Architecture.Parse(text);
        Assert.Equal((name, inputSize), (a.Name, a.InputSize));
        Assert.Equal(a, a.Reshaped(a.Classes, a.InChannels, a.InputSize));   // the same skeleton, rebuilt from its own size
        Assert.Equal(a.Positions.Count, a.Reshaped(5, 1, 64).Positions.Count);
        Assert.Equal(64, Architecture.Parse(text, inputSize: 64).InputSize);   // a given size wins over the family's
    }

    [Theory]
    [InlineData("wrn-12-1", "WideResNet depth 12 is invalid: depth must be 6n+4 with n >= 1 (10, 16, 22, 28, 40, ...)")]
    [InlineData("wrn-4-1", "WideResNet depth 4 is invalid: depth must be 6n+4 with n >= 1 (10, 16, 22, 28, 40, ...)")]
    [InlineData("wrn-16-0", "WideResNet width 0 is invalid: the widen factor must be at least 1")]
    [InlineData("resnet50", "unknown architecture 'resnet50'; use wrn-D-K (e.g. wrn-40-2), resnet18 or resnet34")]
    [InlineData("wrn-16", "unknown architecture 'wrn-16'; use wrn-D-K (e.g. wrn-40-2), resnet18 or resnet34")]
    public void Parse_RefusesUnknownShapes(string text, string message) =>
        Assert.Equal(message, Assert.Throws<BlockSwapException>(() => Architecture.Parse(text)).Message);

    [Fact]
    public void ResNet_OfAnotherDepth_IsNamed()
    {
        Assert.Equal("ResNet-50 is not supported; use resnet18 or resnet34", Assert.Throws<BlockSwapException>(() => Architecture.PreActResNet(50)).Message);
        Assert.Equal("resnet34", Architecture.PreActResNet(34).Name);
    }

    [Fact]
    public void Shape_IsChecked_AtItsBounds()
    {
        string Refusal(Func<Architecture> make) => Assert.Throws<BlockSwapException>(make).Message;
        Assert.Equal("0 classes is invalid: need at least 1 class", Refusal(() => Architecture.Parse("wrn-16-1", classes: 0)));
        Assert.Equal("2 input channels is invalid: use 1 (gray) or 3 (RGB)", Refusal(() => Architecture.Parse("wrn-16-1", inChannels: 2)));
        Assert.Equal("input size 7 is too small: use at least 8 pixels", Refusal(() => Architecture.Parse("wrn-16-1", inputSize: 7)));
        Assert.Equal("input size 31 is too small: use at least 32 pixels", Refusal(() => Architecture.Parse("resnet18", inputSize: 31)));
        Assert.Equal($"input size {Architecture.MaxInputSize + 1} is too large: use at most {Architecture.MaxInputSize} pixels (counts beyond it overflow)",
            Refusal(() => Architecture.Parse("wrn-16-1", inputSize: Architecture.MaxInputSize + 1)));
        // The bounds themselves are accepted.
        Assert.Equal(1, Architecture.Parse("wrn-16-1", classes: 1).Classes);
        Assert.Equal(8, Architecture.Parse("wrn-16-1", inputSize: 8).InputSize);
        Assert.Equal(32, Architecture.Parse("resnet18", inputSize: 32).InputSize);
        Assert.Equal(Architecture.MaxInputSize, Architecture.Parse("wrn-16-1", inputSize: Architecture.MaxInputSize).InputSize);
    }

    [Fact]
    public void Equality_IsBySkeleton_AndNullIsNotEqual()
    {
        var a = Architecture.Parse("wrn-16-1", 10, 1, 28);
        Assert.False(a.Equals(null));
        Assert.False(a.Equals((object?)null));
        Assert.True(a.Equals((object)Architecture.Parse("wrn-16-1", 10, 1, 28)));
        Assert.NotEqual(a, Architecture.Parse("wrn-16-1", 10, 1, 32));
        Assert.NotEqual(a, Architecture.Parse("wrn-16-1", 10, 3, 28));
        Assert.NotEqual(a, Architecture.Parse("wrn-16-1", 7, 1, 28));
        Assert.NotEqual(a, Architecture.Parse("wrn-16-2", 10, 1, 28));
        Assert.Equal(a.GetHashCode(), Architecture.Parse("wrn-16-1", 10, 1, 28).GetHashCode());
    }

    [Fact]
    public void Json_RoundTrips_AndRefusesWhatIsNotAnArchitecture()
    {
        var a = Architecture.Parse("resnet18", 7, 1, 64);
        var json = JsonSerializer.Serialize(a);
        Assert.Equal("""{"Name":"resnet18","Classes":7,"InChannels":1,"InputSize":64}""", json);
        Assert.Equal(a, JsonSerializer.Deserialize<Architecture>(json));
        Assert.Equal("unknown architecture ''; use wrn-D-K (e.g. wrn-40-2), resnet18 or resnet34",
            Assert.Throws<BlockSwapException>(() => JsonSerializer.Deserialize<Architecture>("""{"Classes":7,"InChannels":1,"InputSize":64}""")).Message);
    }
}
