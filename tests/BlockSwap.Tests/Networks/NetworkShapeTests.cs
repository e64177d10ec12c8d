using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Networks;

public class NetworkShapeTests
{
    [Fact]
    public void Wrn40x2_GroupOutputsAndLogits_HaveSpecShapes()
    {
        using var scope = NewDisposeScope();
        var arch = Architecture.WideResNet(40, 2);
        using var net = new BlockSwapNetwork(NetworkPlan.Uniform(arch, BlockCatalogue.Get("G8B2")), seed: 1);
        var x = randn(2, 3, 32, 32);
        var y = net.Forward(x, collectResiduals: true);
        Assert.Equal(new long[] { 2, 10 }, y.Logits.shape);
        Assert.Equal(new long[] { 2, 32, 32, 32 }, y.GroupOutputs[0].shape);
        Assert.Equal(new long[] { 2, 64, 16, 16 }, y.GroupOutputs[1].shape);
        Assert.Equal(new long[] { 2, 128, 8, 8 }, y.GroupOutputs[2].shape);
        Assert.Equal(18, y.Residuals.Count);
        Assert.Equal(1344, y.Residuals.Sum(r => r.shape[1]));
    }
}
