using BlockSwap.Description.Blocks;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Latency;
using BlockSwap.Methods.Search;
using static BlockSwap.Tests.TinySetup;

namespace BlockSwap.Tests.Search;

/// <summary>The sampler's refusals, its membership test and its latency limit, against a table measured once for the class.</summary>
public class CandidateSamplerTests
{
    private static readonly Lazy<LatencyTable> Table = new(() =>
        LatencyTable.Measure(Arch, Quick, new MachineFingerprint("test machine"), BlockCatalogue.Sampled));

    // WRN-40-2 at 400K ± 2.5 %, seed 3: the first two candidates and the draws they took.
    private static readonly string[] PinnedStream =
    [
        "DConvG2,A16B2,DConvG8,G2B4,G2B4,G2B2,DConvG8,G4B2,DConvG8,A8B2,G4B4,A4B2,DConvA2,DConvG16,DConv,DConvG8,G8B2,ConvB4",
        "G16B2,G16B2,DConvG8,Conv,DConv,ConvB2,DConvG8,A8B2,DConvA2,ConvB4,DConvA8,DConvA2,G2B2,G4B2,DConvA16,G2B2,DConv,DConvG16",
    ];
    private const long PinnedDraws = 37;

    private static readonly Lazy<LatencyTable> Table16 = new(() =>
        LatencyTable.Measure(Arch16, Quick, new MachineFingerprint("test machine"), BlockCatalogue.Sampled));

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
    public void TheCountAndMacRanges_AreThoseOfTheCheapestAndLargestNetworks()
    {
        var sampler = new CandidateSampler(Arch);
        NetworkPlan Extreme(Func<IEnumerable<BlockType>, Func<BlockType, long>, BlockType> pick, Func<BlockPlan, long> of) =>
            new NetworkSpec(Arch, new Genotype(Arch.Positions.Select(p => pick(sampler.TypesAt(p.Index), t => of(new BlockPlan(p, t, t.Wrapper)))))).ToPlan();
        Assert.Equal(Extreme((ts, f) => ts.MinBy(f)!, b => b.Parameters).Parameters, sampler.MinParameters);
        Assert.Equal(Extreme((ts, f) => ts.MaxBy(f)!, b => b.Parameters).Parameters, sampler.MaxParameters);
        Assert.Equal(Extreme((ts, f) => ts.MinBy(f)!, b => b.Macs).Macs, sampler.MinMacs);
    }

    [Fact]
    public void ASamplerOfGivenTypes_DrawsOnlyThose()
    {
        var types = new[] { "Conv", "DConv", "G4B2" }.Select(BlockCatalogue.Get).ToArray();
        var sampler = new CandidateSampler(Arch, types);
        Assert.All(Arch.Positions, p => Assert.Equal(types, sampler.TypesAt(p.Index)));
        Assert.All(sampler.Sample(new SearchLimits(), 20, seed: 2, WrapperPolicy.PerBlock).Genotypes, g => Assert.All(g.Blocks, t => Assert.Contains(t, types)));
    }

    [Fact]
    public void TheDrawStream_IsTheSeedsOwn_AndPinned()
    {
        // The seeded stream is part of every search's result (release 0.9's best.json files depend on it).
        var sample = new CandidateSampler(Architecture.WideResNet(40, 2)).Sample(new BudgetWindow(400_000, 0.025), 2, seed: 3);
        Assert.Equal(PinnedStream, sample.Genotypes.Select(g => g.ToString()));
        Assert.Equal(PinnedDraws, sample.Draws);
    }

    [Fact]
    public void TheDrawCap_AllowsExactlyItsNumberOfDraws_AndTheRefusalGivesTheAcceptance()
    {
        var sampler = new CandidateSampler(Arch);
        var window = new BudgetWindow(60_000, 0.1);
        long draws = sampler.Sample(window, 5, seed: 8).Draws;
        Assert.Equal(5, sampler.Sample(window, 5, seed: 8, maxDraws: draws).Genotypes.Count);
        var e = Refusal(() => sampler.Sample(window, 5, seed: 8, maxDraws: draws - 1));
        const int accepted = 4;   // the fifth candidate is the draw at `draws` itself
        Assert.Equal($"only {accepted} of 5 candidates meet the window {window} after {draws - 1:N0} draws (acceptance {(double)accepted / (draws - 1):P4}); " +
                     $"budgets between {sampler.MinParameters:N0} and {sampler.MaxParameters:N0} are reachable, those near the middle fill fastest; " +
                     "use another budget, a wider window, a higher MAC or latency limit, or fewer samples", e);
    }

    [Fact]
    public void AWindowThatJustMissesTheReachableCounts_IsRefusedBeforeDrawing()
    {
        // WRN-40-2's counts run from 84,410 to 2,243,546; each window below touches one end exactly (strict bounds).
        var sampler = new CandidateSampler(Architecture.WideResNet(40, 2));
        Assert.Equal(84_410, new BudgetWindow(67_528, 0.25).Upper);
        Assert.Equal(2_243_546, new BudgetWindow(4_487_092, 0.5).Lower);
        Assert.StartsWith("budget 67,528 is unreachable on wrn-40-2", Refusal(() => sampler.Sample(new BudgetWindow(67_528, 0.25), 1, seed: 1, maxDraws: 10)));
        Assert.StartsWith("budget 4,487,092 is unreachable on wrn-40-2", Refusal(() => sampler.Sample(new BudgetWindow(4_487_092, 0.5), 1, seed: 1, maxDraws: 10)));
    }

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
    public void AMacLimit_KeepsExactlyTheDrawsWhosePolicyNetworkMeetsIt(WrapperPolicy policy)
    {
        var sampler = new CandidateSampler(Arch);
        var window = new BudgetWindow(60_000, 0.1);
        var free = sampler.Sample(new SearchLimits(window), 40, seed: 9, policy).Genotypes;
        var macs = free.Select(g => new NetworkSpec(Arch, g, policy).ToPlan().Macs).ToArray();
        long limit = macs.Order().ElementAt(20);
        var limited = sampler.Sample(new SearchLimits(window, MaxMacs: limit), 8, seed: 9, policy).Genotypes;
        Assert.Equal(free.Where((g, i) => macs[i] <= limit).Take(8).Select(g => g.ToString()), limited.Select(g => g.ToString()));
    }

    [Theory]
    [InlineData(WrapperPolicy.PerBlock)]
    [InlineData(WrapperPolicy.GroupFirst)]
    public void ALatencyLimit_KeepsExactlyTheDrawsPredictedAtOrUnderIt(WrapperPolicy policy)
    {
        // WRN-16-1: two blocks a group, so group-first wrappers differ from the types' own.
        var table = Table16.Value;
        var sampler = new CandidateSampler(Arch16);
        var window = new BudgetWindow(120_000, 0.2);
        var free = sampler.Sample(new SearchLimits(window), 40, seed: 6, policy).Genotypes;
        // The policy's own networks are predicted: under group-first a block may take another wrapper than its type's.
        var predicted = free.Select(g => table.Predict(new NetworkSpec(Arch16, g, policy).ToPlan())).ToArray();
        double limit = predicted.Order().ElementAt(20);
        var limits = new SearchLimits(window, MaxLatencyMs: limit);
        var limited = sampler.Sample(limits, 8, seed: 6, policy, table).Genotypes;
        Assert.Equal(free.Where((g, i) => predicted[i] <= limit).Take(8).Select(g => g.ToString()), limited.Select(g => g.ToString()));
        Assert.All(free, (g, i) => Assert.Equal(predicted[i] <= limit, sampler.Meets(g, limits, policy, table)));
        // Meets rebuilds its per-type times when the limit changes: every draw meets a limit above all of them.
        Assert.All(free, g => Assert.True(sampler.Meets(g, limits with { MaxLatencyMs = predicted.Max() }, policy, table)));
    }
}
