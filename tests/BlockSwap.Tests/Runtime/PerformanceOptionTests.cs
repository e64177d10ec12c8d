using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Runtime;

/// <summary>The speed options change the arithmetic, not the quantity: values stay close and ranks agree.</summary>
public class PerformanceOptionTests
{
    private static readonly Architecture Arch = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16);

    [Fact]
    public void ChannelsLast_KeepsValues_WithNhwcStrides()
    {
        using var x = randn(2, 3, 4, 5);
        using var y = x.In(MemoryLayout.ChannelsLast);
        Assert.Equal(x.shape, y.shape);
        Assert.Equal([60L, 1, 15, 3], y.stride());
        Assert.Equal(x.data<float>().ToArray(), y.contiguous().data<float>().ToArray());
        Assert.Same(x, x.In(MemoryLayout.Nchw));
        Assert.Equal(MemoryLayout.ChannelsLast, MemoryLayouts.Parse("auto", MemoryLayout.ChannelsLast));
        Assert.Equal(MemoryLayout.Nchw, MemoryLayouts.Parse("nchw", MemoryLayout.ChannelsLast));
        Assert.Throws<BlockSwapException>(() => MemoryLayouts.Parse("nhwc4", MemoryLayout.Nchw));
    }

    private static double[] Scores(MemoryLayout layout, Precision precision, IReadOnlyList<Genotype> genotypes, DataSplits data)
    {
        var loader = new BatchLoader(data.Train, 32, 1, CPU, layout: layout);
        var scorer = new CandidateScorer(Arch, WrapperPolicy.PerBlock, [new FisherPotential()], loader, 1, false, CPU, precision);
        return genotypes.Select((g, i) => scorer.Score(i, g).Proxies["fisher"]).ToArray();
    }

    [Fact]
    public void FisherScores_UnderChannelsLastAndBf16_StayCloseAndRankAlike()
    {
        using var data = SyntheticData.Create(10, 3, 16, 128, 16, seed: 2);
        var genotypes = new CandidateSampler(Arch).Sample(new SearchLimits(), 12, seed: 3, WrapperPolicy.PerBlock).Genotypes;
        var exact = Scores(MemoryLayout.Nchw, Precision.Fp32, genotypes, data);
        var fast = Scores(MemoryLayout.ChannelsLast, Precision.Fp32, genotypes, data);
        var half = Scores(MemoryLayout.ChannelsLast, Precision.Bf16, genotypes, data);
        for (int i = 0; i < exact.Length; i++)
        {
            Assert.True(Math.Abs(fast[i] - exact[i]) <= 0.02 * Math.Abs(exact[i]), $"channels-last moved candidate {i} from {exact[i]} to {fast[i]}");
            Assert.True(Math.Abs(half[i] - exact[i]) <= 0.25 * Math.Abs(exact[i]), $"bf16 moved candidate {i} from {exact[i]} to {half[i]}");
        }
        Assert.True(BlockSwap.Foundation.Statistics.Ranking.Spearman(exact, fast) > 0.99);
        Assert.True(BlockSwap.Foundation.Statistics.Ranking.Spearman(exact, half) > 0.95);
    }

    [Fact]
    public void Bf16_IsForTheFisherProxyAlone()
    {
        var s = new SearchSettings { Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000 }, Architecture = Arch, Dataset = "synthetic", Precision = Precision.Bf16, Ranking = BlockSwap.Methods.Scoring.ProxyRanking.Parse("synflow") };
        Assert.Contains("fisher proxy alone", Assert.Throws<BlockSwapException>(s.Validate).Message);
        (s with { Ranking = BlockSwap.Methods.Scoring.ProxyRanking.Default }).Validate();
    }
}
