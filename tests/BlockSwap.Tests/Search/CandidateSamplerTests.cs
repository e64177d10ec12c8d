using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Latency;
using BlockSwap.Methods.Search;

namespace BlockSwap.Tests.Search;

/// <summary>The sampler's refusals, its membership test and its latency limit, against a table measured once for the class.</summary>
public class CandidateSamplerTests
{
    private static readonly Architecture Arch = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16);
    private static readonly Lazy<LatencyTable> Table = new(() =>
        LatencyTable.Measure(Arch, new LatencySetup(Batch: 1, Threads: 1, Warmup: 1, Runs: 3), new MachineFingerprint("test machine"), BlockCatalogue.Sampled));

    private static string Refusal(Action sample) => Assert.Throws<BlockSwapException>(sample).Message;

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void AWindowThatIsNotAFraction_IsRefused(double window) =>
        Assert.Equal($"window {window} is invalid: use a fraction of the budget such as 0.025",
            Refusal(() => new CandidateSampler(Arch).Sample(new BudgetWindow(60_000, window), 1, seed: 1)));

    [Fact]
    public void NoSamples_IsRefused() =>
        Assert.Equal("0 samples is invalid: ask for at least 1 candidate",
            Refusal(() => new CandidateSampler(Arch).Sample(new BudgetWindow(60_000, 0.1), 0, seed: 1)));

    [Fact]
    public void Meets_JudgesAGenotypeAsADrawWouldBe()
    {
        var sampler = new CandidateSampler(Arch);
        var window = new SearchLimits(new BudgetWindow(60_000, 0.1));
        var drawn = sampler.Sample(window, 5, seed: 4, WrapperPolicy.PerBlock).Genotypes;
        Assert.All(drawn, g => Assert.True(sampler.Meets(g, window, WrapperPolicy.PerBlock)));
        var g0 = drawn[0];
        Assert.False(sampler.Meets(new Genotype(g0.Blocks.Take(2)), window, WrapperPolicy.PerBlock));          // too few positions
        Assert.False(sampler.Meets(new Genotype(g0.Blocks.Append(g0[0])), window, WrapperPolicy.PerBlock));    // too many
        var notSampled = BlockCatalogue.All.First(t => !t.Sampled);
        Assert.DoesNotContain(notSampled, sampler.TypesAt(1));
        Assert.False(sampler.Meets(new Genotype([g0[0], notSampled, g0[2]]), new SearchLimits(), WrapperPolicy.PerBlock));
        var allConv = new Genotype([BlockCatalogue.Get("Conv"), BlockCatalogue.Get("Conv"), BlockCatalogue.Get("Conv")]);
        Assert.True(sampler.Meets(allConv, new SearchLimits(), WrapperPolicy.PerBlock));
        Assert.False(sampler.Meets(allConv, window, WrapperPolicy.PerBlock));                                   // 78,042 > 66,000
    }

    [Fact]
    public void ALatencyLimit_NeedsATableOfThisArchitecture()
    {
        var sampler = new CandidateSampler(Arch);
        var limit = new SearchLimits(MaxLatencyMs: 1.0);
        var none = Assert.Throws<ArgumentException>(() => sampler.CheckReachable(limit, null));
        Assert.Equal("a latency limit needs a latency table (Parameter 'latency')", none.Message);
        var other = new CandidateSampler(Architecture.WideResNet(10, 2, classes: 10, inChannels: 3, inputSize: 16));
        var wrong = Assert.Throws<ArgumentException>(() => other.CheckReachable(limit, Table.Value));
        Assert.Equal("the latency table is for wrn-10-1, not wrn-10-2 (Parameter 'latency')", wrong.Message);
        Assert.Throws<ArgumentException>(() => sampler.Meets(new Genotype(sampler.TypesAt(0).Take(1).Concat(sampler.TypesAt(1).Take(1)).Concat(sampler.TypesAt(2).Take(1))), limit, WrapperPolicy.PerBlock));
        Assert.Null(sampler.CheckReachable(new SearchLimits(new BudgetWindow(60_000, 0.1)), null));   // no latency limit: no table needed
    }

    [Fact]
    public void TheFastestNetwork_IsExactlyReachable()
    {
        var table = Table.Value;
        var sampler = new CandidateSampler(Arch);
        var ms = Arch.Positions.Select(p => sampler.TypesAt(p.Index).Select(t => table.Block(new BlockPlan(p, t, t.Wrapper))).ToArray()).ToArray();
        double fastest = table.OverheadMs + table.StemMs + table.HeadMs + ms.Sum(m => m.Min());
        Assert.Equal(ms, sampler.CheckReachable(new SearchLimits(MaxLatencyMs: fastest), table));
        var e = Refusal(() => sampler.CheckReachable(new SearchLimits(MaxLatencyMs: fastest * (1 - 1e-9)), table));
        Assert.Equal($"latency limit {fastest * (1 - 1e-9):G4} ms is unreachable on wrn-10-1: the fastest network the search can draw is predicted at {fastest:0.###} ms ({table.Setup}, this machine); raise the latency limit", e);
        // The fastest network itself is drawn and judged as meeting the limit.
        var quickest = new Genotype(Arch.Positions.Select(p => sampler.TypesAt(p.Index)[Array.IndexOf(ms[p.Index], ms[p.Index].Min())]));
        Assert.True(sampler.Meets(quickest, new SearchLimits(MaxLatencyMs: fastest), WrapperPolicy.PerBlock, table));
    }

    [Theory]
    [InlineData(WrapperPolicy.PerBlock)]
    [InlineData(WrapperPolicy.GroupFirst)]
    public void ALatencyLimit_KeepsExactlyTheDrawsPredictedAtOrUnderIt(WrapperPolicy policy)
    {
        var table = Table.Value;
        var sampler = new CandidateSampler(Arch);
        var window = new BudgetWindow(60_000, 0.1);
        var free = sampler.Sample(new SearchLimits(window), 40, seed: 6, policy).Genotypes;
        // The policy's own networks are predicted: under group-first a block may take another wrapper than its type's.
        var predicted = free.Select(g => table.Predict(new NetworkSpec(Arch, g, policy).ToPlan())).ToArray();
        double limit = predicted.Order().ElementAt(20);
        var limits = new SearchLimits(window, MaxLatencyMs: limit);
        var limited = sampler.Sample(limits, 8, seed: 6, policy, table).Genotypes;
        Assert.Equal(free.Where((g, i) => predicted[i] <= limit).Take(8).Select(g => g.ToString()), limited.Select(g => g.ToString()));
        Assert.All(free, (g, i) => Assert.Equal(predicted[i] <= limit, sampler.Meets(g, limits, policy, table)));
        // Meets rebuilds its per-type times when the limit changes: every draw meets a limit above all of them.
        Assert.All(free, g => Assert.True(sampler.Meets(g, limits with { MaxLatencyMs = predicted.Max() }, policy, table)));
    }
}
