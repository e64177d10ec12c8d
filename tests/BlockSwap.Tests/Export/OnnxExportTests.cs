using BlockSwap.Description.Blocks;
using BlockSwap.Methods.Export;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;
using Google.Protobuf;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Export;

/// <summary>Exported models run in ONNX Runtime and agree with TorchSharp (eval mode) to 1e-4.</summary>
public class OnnxExportTests
{
    /// <summary>A network whose BN statistics are no longer the identity, so folding and BN export are really tested.</summary>
    private static BlockSwapNetwork Trained(NetworkPlan plan, long seed)
    {
        var net = new BlockSwapNetwork(plan, seed);
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        net.train();
        using (no_grad())
            for (int i = 0; i < 3; i++)
                net.call(randn(new long[] { 8, plan.Architecture.InChannels, plan.Architecture.InputSize, plan.Architecture.InputSize }, generator: gen) * 2 + 0.5);
        using (no_grad())
            foreach (var p in net.parameters().Where(p => p.dim() == 1)) p.add_(rand_like(p) * 0.2);
        return net;
    }

    private static byte[] Export(BlockSwapNetwork net, bool fold, int? batch = null) =>
        OnnxExporter.Build(net, new OnnxExportOptions(FoldBatchNorm: fold, Batch: batch)).ToByteArray();

    public static TheoryData<string> Types()
    {
        var data = new TheoryData<string>();
        foreach (var t in BlockCatalogue.All) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void EveryBlockType_BothFoldings_MatchesTorchSharp(string name)
    {
        var type = BlockCatalogue.Get(name);
        var arch = Architecture.WideResNet(10, 2, classes: 5, inChannels: 3, inputSize: 16);
        if (arch.Positions.Any(p => !type.IsValid(p.In, p.Out) || !type.IsValid(p.Out, p.Out)))
            arch = Architecture.WideResNet(10, 4, classes: 5, inChannels: 3, inputSize: 16); // G16B4 needs wider blocks
        using var net = Trained(NetworkPlan.Uniform(arch, type), 1);
        foreach (var fold in new[] { false, true })
            Assert.True(OnnxVerifier.MaxAbsDifference(net, Export(net, fold)) <= 1e-4, $"{name} fold={fold}");
    }

    [Theory]
    [InlineData(WrapperPolicy.PerBlock)]
    [InlineData(WrapperPolicy.GroupFirst)]
    public void MixedGenotype_BothPolicies_MatchesTorchSharp(WrapperPolicy policy)
    {
        var arch = Architecture.WideResNet(28, 2, classes: 10, inChannels: 1, inputSize: 28);
        var g = Genotype.Parse("G8B2,Conv,DConv,A4B2,DConvG4,ConvB4,G2B4,DConvA16,G4B2,MBConv6,DConvB4,A8B2");
        using var net = Trained(new NetworkSpec(arch, g, policy).ToPlan(), 2);
        foreach (var fold in new[] { false, true })
            Assert.True(OnnxVerifier.MaxAbsDifference(net, Export(net, fold), batch: 3) <= 1e-4);
    }

    [Fact]
    public void ResNet18_WithFixedBatch_MatchesTorchSharp()
    {
        var arch = Architecture.PreActResNet(18, classes: 7, inputSize: 32);
        using var net = Trained(new NetworkSpec(arch, Genotype.Parse("Conv,G8B2,DConv,A4B2,DConvG4,ConvB4,G2B4,DConvA16")).ToPlan(), 3);
        Assert.True(OnnxVerifier.MaxAbsDifference(net, Export(net, fold: true, batch: 2), batch: 2) <= 1e-4);
        Assert.True(OnnxVerifier.MaxAbsDifference(net, Export(net, fold: false, batch: 2), batch: 2) <= 1e-4);
    }

    [Fact]
    public void Folding_RemovesEveryBnThatFollowsAConv()
    {
        var arch = Architecture.WideResNet(10, 1, inputSize: 16);
        using var net = Trained(NetworkPlan.Uniform(arch, BlockCatalogue.Get("G8B2")), 4);
        int Bns(bool fold) => OnnxExporter.Build(net, new OnnxExportOptions(FoldBatchNorm: fold)).Graph.Node.Count(n => n.OpType == "BatchNormalization");
        // Bottle-wrapped G8B2: per block bn1 (pre-activation) + two internal BNs; head BN.
        Assert.Equal(3 * 3 + 1, Bns(false));
        Assert.Equal(3 + 1, Bns(true));
        var model = OnnxExporter.Build(net, new OnnxExportOptions(), new Dictionary<string, string> { ["blockswap.genotype"] = "G8B2" });
        Assert.Equal("input", model.Graph.Input[0].Name);
        Assert.Equal("logits", model.Graph.Output[0].Name);
        Assert.Equal("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Contains(model.MetadataProps, m => m.Key == "blockswap.genotype");
        Assert.Equal(17, model.OpsetImport[0].Version);
        Assert.Contains(model.Graph.Node, n => n.OpType == "Conv" && n.Attribute.Any(a => a.Name == "group" && a.I > 1));
    }

    [Fact]
    public void Latency_IsMeasuredInBothEngines()
    {
        var arch = Architecture.WideResNet(10, 1, inputSize: 16);
        using var net = Trained(NetworkPlan.Uniform(arch, BlockCatalogue.Get("DConv")), 5);
        var ort = LatencyMeter.OnnxRuntime(Export(net, true), 3, 16, runs: 5);
        var ts = LatencyMeter.TorchSharp(net, runs: 5);
        Assert.True(ort.MedianMs > 0 && ort.P90Ms >= ort.MedianMs);
        Assert.True(ts.MedianMs > 0 && ts.P90Ms >= ts.MedianMs);
        Assert.Equal(5, ort.Runs);
    }

    [Fact]
    public void NodeAndInitialiserNames_AreTheModulePaths()
    {
        var plan = new NetworkSpec(Architecture.WideResNet(10, 1, 10, 1, 16), Genotype.Parse("DConvG8,G8B2,Conv")).ToPlan();
        using var net = new BlockSwapNetwork(plan, 1);
        var model = OnnxExporter.Build(net, new OnnxExportOptions());
        var nodes = model.Graph.Node.Select(n => n.Name).ToHashSet();
        Assert.Contains("conv1", nodes);
        Assert.Contains("block1.0.layer.0.conv1.convdw", nodes);
        Assert.Contains("block2.0.layer.0.conv1.conv1x1_up", nodes);
        Assert.Contains("block2.0.layer.0.convShortcut", nodes);
        Assert.Contains("block3.0.layer.0.add", nodes);
        Assert.Contains("fc", nodes);
        // Every weight is stored under its state_dict key.
        var keys = net.state_dict().Keys.Where(k => !k.EndsWith("num_batches_tracked")).ToHashSet();
        Assert.Equal(keys.Order(), model.Graph.Initializer.Select(i => i.Name).Order());
        var folded = OnnxExporter.Build(net, new OnnxExportOptions(FoldBatchNorm: true));
        Assert.Contains("block1.0.layer.0.conv1.convdw.bias", folded.Graph.Initializer.Select(i => i.Name));
    }
}
