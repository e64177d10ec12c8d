using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Accounting;

/// <summary>The analytic count (no network built) equals the count of the built network.</summary>
public class AnalyticVersusBuiltTests
{
    public static TheoryData<string> Archs => new() { "wrn-40-2", "wrn-16-1", "wrn-10-4" };

    [Theory]
    [MemberData(nameof(Archs))]
    public void EveryUsableType_UniformNetwork_AnalyticEqualsBuilt(string archName)
    {
        var arch = Architecture.Parse(archName, classes: 7, inChannels: 1, inputSize: 28);
        foreach (var type in BlockCatalogue.All)
        foreach (var policy in new[] { WrapperPolicy.PerBlock, WrapperPolicy.GroupFirst })
        {
            if (arch.Positions.Any(p => !type.IsValid(p.In, p.Out) || !type.IsValid(p.Out, p.Out))) continue;
            var plan = NetworkPlan.Uniform(arch, type, policy);
            using var net = new BlockSwapNetwork(plan, seed: 3);
            Assert.Equal(plan.Parameters, net.CountParameters());
            for (int i = 0; i < plan.Blocks.Count; i++)
                Assert.Equal(plan.Blocks[i].Parameters, net.Blocks[i].parameters().Sum(p => p.numel()));
        }
    }

    [Theory]
    [MemberData(nameof(Archs))]
    public void RandomMixedGenotypes_BothPolicies_AnalyticEqualsBuilt(string archName)
    {
        var arch = Architecture.Parse(archName);
        var rng = new Random(42);
        for (int trial = 0; trial < 6; trial++)
        {
            // Small widths rule some types out (e.g. A16B2 needs 16 bottleneck channels): draw among the valid ones.
            var g = new Genotype(arch.Positions.Select(p =>
            {
                var valid = BlockCatalogue.Sampled.Where(t => t.IsValid(p.In, p.Out) && t.IsValid(p.Out, p.Out)).ToArray();
                return valid[rng.Next(valid.Length)];
            }));
            foreach (var policy in new[] { WrapperPolicy.PerBlock, WrapperPolicy.GroupFirst })
            {
                var plan = new NetworkSpec(arch, g, policy).ToPlan();
                using var net = new BlockSwapNetwork(plan, seed: trial);
                Assert.Equal(plan.Parameters, net.CountParameters());
            }
        }
    }

    [Fact]
    public void ResNet18_AnalyticEqualsBuilt_ForMixedGenotype()
    {
        var arch = Architecture.PreActResNet(18, classes: 10, inputSize: 64);
        var g = Genotype.Parse("Conv,G8B2,DConv,A4B2,DConvG4,ConvB4,G2B4,DConvA16");
        foreach (var policy in new[] { WrapperPolicy.PerBlock, WrapperPolicy.GroupFirst })
        {
            var plan = new NetworkSpec(arch, g, policy).ToPlan();
            using var net = new BlockSwapNetwork(plan, seed: 1);
            Assert.Equal(plan.Parameters, net.CountParameters());
            using var scope = NewDisposeScope();
            var y = net.call(randn(2, 3, 64, 64));
            Assert.Equal(new long[] { 2, 10 }, y.Logits.shape);
            Assert.Equal(4, y.GroupOutputs.Count);
            Assert.Equal(new long[] { 2, 512, 2, 2 }, y.GroupOutputs[3].shape);
        }
    }

    [Fact]
    public void ClosedFormInstanceCount_EqualsSumOfLayerSpecs_ForAllTypesAndWidths()
    {
        int[] widths = [16, 32, 64, 128];
        foreach (var type in BlockCatalogue.All)
        foreach (var a in widths)
        foreach (var b in widths)
        {
            if (!type.IsValid(a, b)) continue;
            Assert.Equal(ClosedForm.InstanceParameters(type, a, b), type.Layers(a, b, 1).Sum(l => l.Parameters));
        }
    }

    [Theory]
    [MemberData(nameof(Archs))]
    public void ClosedFormNetworkCount_EqualsTheLayoutCount_BothPolicies(string archName)
    {
        var arch = Architecture.Parse(archName);
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var g = new Genotype(arch.Positions.Select(p =>
            {
                var valid = BlockCatalogue.All.Where(t => t.IsValid(p.In, p.Out) && t.IsValid(p.Out, p.Out)).ToArray();
                return valid[rng.Next(valid.Length)];
            }));
            foreach (var policy in new[] { WrapperPolicy.PerBlock, WrapperPolicy.GroupFirst })
            {
                var plan = new NetworkSpec(arch, g, policy).ToPlan();
                Assert.Equal(ClosedForm.NetworkParameters(plan), plan.Parameters);
            }
        }
    }

    [Fact]
    public void MacsOfConvBlock_MatchHandComputation()
    {
        // Conv block 16→32 at 32×32, Basic: 3×3 16→32 + 3×3 32→32 + 1×1 16→32 shortcut, all at 32×32.
        var plan = NetworkPlan.Uniform(Architecture.WideResNet(40, 2), BlockCatalogue.Get("Conv"));
        long expected = 1024L * (9 * 16 * 32 + 9 * 32 * 32 + 16 * 32);
        Assert.Equal(expected, plan.Blocks[0].Macs);
        // Stride-2 block 32→64: first conv and shortcut produce 16×16, second conv at 16×16.
        Assert.Equal(256L * (9 * 32 * 64 + 9 * 64 * 64 + 32 * 64), plan.Blocks[6].Macs);
        // Whole network: stem 32·32·27·16 + FC 128·10 + blocks.
        Assert.Equal(1024L * 27 * 16 + 1280 + plan.Blocks.Sum(b => b.Macs), plan.Macs);
    }
}
