using BlockSwap.Data;

namespace BlockSwap.Tests.Data;

/// <summary>The data decide a network's classes, channels and size; a shape the user names must agree with them.</summary>
public class DataShapeTests
{
    [Fact]
    public void NamedShapes_ThatDisagreeWithTheData_AreRefused()
    {
        using var data = SyntheticData.Create(classes: 10, channels: 3, size: 16, trainCount: 8, testCount: 4, seed: 1);
        DataShape.CheckGiven(data, null, null, null);
        DataShape.CheckGiven(data, 10, 3, 16);
        Assert.Equal($"--classes 7 disagrees with the data: {data.Name} has 10 classes; leave --classes out (it is taken from the data) or use other data",
            Assert.Throws<BlockSwapException>(() => DataShape.CheckGiven(data, 7, 3, 16)).Message);
        Assert.StartsWith($"--in-channels 1 disagrees with the data: {data.Name} has 3 input channels;",
            Assert.Throws<BlockSwapException>(() => DataShape.CheckGiven(data, null, 1, null)).Message);
        Assert.StartsWith($"--input-size 32 disagrees with the data: {data.Name} has 16-pixel images;",
            Assert.Throws<BlockSwapException>(() => DataShape.CheckGiven(data, 10, null, 32)).Message);
    }

    [Fact]
    public void ANetworkOfAnotherShape_IsRefusedWithBothShapes()
    {
        using var data = SyntheticData.Create(classes: 10, channels: 3, size: 16, trainCount: 8, testCount: 4, seed: 1);
        DataShape.Check(data, data.Shape, "the network");
        var e = Assert.Throws<BlockSwapException>(() => DataShape.Check(data, data.Shape with { Channels = 1 }, "the network"));
        Assert.StartsWith($"data set {data.Name} has {data.Shape} but the network takes {data.Shape with { Channels = 1 }};", e.Message);
        Assert.Throws<BlockSwapException>(() => DataShape.Check(data, data.Shape with { Classes = 100 }, "the network"));
        Assert.Throws<BlockSwapException>(() => DataShape.Check(data, data.Shape with { Size = 32 }, "the network"));
        DataShape.Check(data, data.Shape with { Size = null }, "the network");   // a network of any size takes the data's
    }
}
