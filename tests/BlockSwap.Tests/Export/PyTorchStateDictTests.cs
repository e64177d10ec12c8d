using BlockSwap.Engine.Interop;
using BlockSwap.Description.Blocks;
using BlockSwap.Methods.Export;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Export;

public class PyTorchStateDictTests
{
    private static string Temp(string name) => Path.Combine(Scratch.Folder("bs-pt-"), name);

    [Fact]
    public void SaveThenLoad_GivesIdenticalNetwork()
    {
        var plan = NetworkPlan.Uniform(Architecture.WideResNet(10, 1), BlockCatalogue.Get("Conv"));
        using var a = new BlockSwapNetwork(plan, 1);
        using var b = new BlockSwapNetwork(plan, 2);
        var path = Temp("m.pt");
        PyTorchStateDict.Save(a, path);
        PyTorchStateDict.Load(b, path);
        var sa = a.state_dict();
        foreach (var (k, v) in b.state_dict())
            Assert.Equal(0.0, (v.to(ScalarType.Float64) - sa[k].to(ScalarType.Float64)).abs().max().item<double>());
    }

    [Fact]
    public void WrongArchitecture_ListsMissingUnexpectedAndMisShapedKeys()
    {
        using var small = new BlockSwapNetwork(NetworkPlan.Uniform(Architecture.WideResNet(10, 1), BlockCatalogue.Get("Conv")), 1);
        var path = Temp("m.pt");
        PyTorchStateDict.Save(small, path);
        using var other = new BlockSwapNetwork(NetworkPlan.Uniform(Architecture.WideResNet(10, 2), BlockCatalogue.Get("G8B2")), 1);
        var e = Assert.Throws<BlockSwapException>(() => PyTorchStateDict.Load(other, path));
        Assert.Contains("missing keys", e.Message);
        Assert.Contains("unexpected keys", e.Message);
        Assert.Contains("mis-shaped keys", e.Message);
        var garbage = Temp("g.pt");
        File.WriteAllText(garbage, "not a zip");
        Assert.Contains("not a PyTorch state_dict", Assert.Throws<BlockSwapException>(() => PyTorchStateDict.Load(other, garbage)).Message);
    }
}
