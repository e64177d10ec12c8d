using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;

namespace BlockSwap.Tests.Search;

public class LimitsTests
{
    [Theory]
    [InlineData(WrapperPolicy.PerBlock)]
    [InlineData(WrapperPolicy.GroupFirst)]
    public void MacLimit_EveryAcceptedCandidateBuildsAtOrUnderIt(WrapperPolicy policy)
    {
        var arch = Architecture.WideResNet(40, 2);
        var limits = new SearchLimits(new BudgetWindow(400_000, 0.025), MaxMacs: 60_000_000);
        var sample = new CandidateSampler(arch).Sample(limits, 50, seed: 4, policy);
        Assert.Equal(50, sample.Genotypes.Count);
        foreach (var g in sample.Genotypes)
        {
            Assert.True(new NetworkSpec(arch, g, policy).ToPlan().Macs <= 60_000_000);
            Assert.True(limits.BudgetWindow!.Value.Contains(new NetworkSpec(arch, g).ToPlan().Parameters));
        }
        // The draw stream is the seed's: without the MAC limit, the candidates that met it come in the same order.
        var unlimited = new CandidateSampler(arch).Sample(new BudgetWindow(400_000, 0.025), 400, seed: 4).Genotypes;
        var kept = unlimited.Where(g => new NetworkSpec(arch, g, policy).ToPlan().Macs <= 60_000_000).Take(50);
        Assert.Equal(kept.Select(g => g.ToString()), sample.Genotypes.Select(g => g.ToString()));
    }

    [Fact]
    public void MacLimit_IsExact_AndAnUnreachableLimitNamesIt()
    {
        var arch = Architecture.WideResNet(40, 2);
        var sampler = new CandidateSampler(arch);
        // The all-Conv WRN-40-2 has exactly 327,599,360 MACs; a limit one below the smallest network is refused.
        Assert.Equal(327_599_360, NetworkPlan.Uniform(arch, BlockSwap.Description.Blocks.BlockCatalogue.Get("Conv")).Macs);
        var e = Assert.Throws<BlockSwapException>(() => sampler.Sample(new SearchLimits(MaxMacs: sampler.MinMacs - 1), 1, 1, WrapperPolicy.PerBlock));
        Assert.Contains($"MAC limit {sampler.MinMacs - 1:N0} is unreachable", e.Message);
        // The limit is inclusive: a candidate with exactly m MACs passes at m and fails at m − 1.
        var window = new BudgetWindow(400_000, 0.025);
        var first = sampler.Sample(window, 1, seed: 9).Genotypes[0];
        long m = new NetworkSpec(arch, first).ToPlan().Macs;
        Assert.Equal(first, sampler.Sample(new SearchLimits(window, m), 1, 9, WrapperPolicy.PerBlock).Genotypes[0]);
        Assert.NotEqual(first, sampler.Sample(new SearchLimits(window, m - 1), 1, 9, WrapperPolicy.PerBlock).Genotypes[0]);
        Assert.Contains("at most", Assert.Throws<BlockSwapException>(() => sampler.Sample(new SearchLimits(window, sampler.MinMacs), 1, 1, WrapperPolicy.PerBlock, maxDraws: 1000)).Message);
    }

    [Fact]
    public void ParetoFront_KeepsExactlyTheNonDominatedPoints()
    {
        // (score, params, MACs): 0 and 1 trade score for size; 2 is dominated by 0; 3 ties 0 exactly (kept: neither is better);
        // 4 is the smallest in MACs only.
        double[] scores = [5, 3, 4, 5, 1];
        long[] parameters = [100, 50, 120, 100, 200];
        long[] macs = [10, 8, 12, 10, 2];
        Assert.Equal(new[] { 0, 1, 3, 4 }, ParetoFront.Of(scores, parameters, macs));
    }

    [Fact]
    public void ParetoFront_WithLatency_KeepsPointsThatWinOnLatencyAlone()
    {
        // Point 2 is dominated in (score, params, MACs) by 0, but is the fastest: with latency as an objective it returns.
        double[] scores = [5, 3, 4];
        double[] parameters = [100, 50, 120], macs = [10, 8, 12], latency = [2.0, 1.5, 1.0];
        Assert.Equal(new[] { 0, 1 }, ParetoFront.Of(scores, parameters, macs));
        Assert.Equal(new[] { 0, 1, 2 }, ParetoFront.Of(scores, parameters, macs, latency));
        Assert.Equal(new[] { 0, 1 }, ParetoFront.Of(scores, parameters, macs, [2.0, 1.5, 2.5]));
    }
}
