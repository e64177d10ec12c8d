using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;

namespace BlockSwap.Tests.Search;

/// <summary>What <c>search --json</c> prints and what a finished search warns about, from a result built by hand.</summary>
public class SearchSummaryTests
{
    private static readonly Genotype G = Genotype.Parse("Conv,DConv,G4B2");

    private static SearchSettings Settings(double? maxLatencyMs = null) => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16),
        Limits = new SearchLimits { Budget = 50_000, Window = 0.1, MaxLatencyMs = maxLatencyMs },
        Samples = 3,
        Dataset = "synthetic",
    };

    private static CandidateResult Candidate(int index, double fisher, double? measuredMs = null) =>
        new(index, G, 50_000 + index, 1_000_000 + index, new Dictionary<string, double> { ["fisher"] = fisher }, 0.1 * (index + 1))
        {
            LatencyMs = measuredMs, PredictedLatencyMs = measuredMs is null ? null : 0.5,
        };

    private static SearchResult Result(double? maxLatencyMs = null) =>
        new(Settings(maxLatencyMs), [Candidate(0, 1.0), Candidate(1, 3.0, measuredMs: 0.9), Candidate(2, 2.0)], 40);

    [Fact]
    public void Summary_NamesTheWinnerAndTheFiles()
    {
        var s = SearchSummary.Of(Result(), null, null, "/runs/s");
        Assert.Equal((3, 40L), (s.Scored, s.Draws));
        Assert.Equal(0.2, s.MedianSecondsPerCandidate, 12);
        Assert.Equal(new SearchSummary.Winner(1, 3.0, 50_001, 1_000_001, 0.5, 0.9, G), s.Best);
        Assert.Equal(["/runs/s/best.json", "/runs/s/best.csv", "/runs/s/candidates.csv", "/runs/s/search.json"], s.Files);
        Assert.Equal(1, s.LatencyError!.Networks);
        Assert.Null(s.Refine);
        Assert.Null(s.Front);
    }

    [Fact]
    public void Summary_CarriesTheRefinementAndTheFront()
    {
        RefineRow Row(int rung, int index, double error, bool kept) => new(rung, index, index + 1, G, rung + 1, error, kept);
        var rows = new[] { Row(0, 1, 30, true), Row(0, 2, 20, true), Row(0, 0, 40, false), Row(0, 3, 50, false), Row(1, 1, 25, false), Row(1, 2, 15, true) };
        var result = Result();
        var refined = new RefineResult(new RefineSettings { Top = 4 }, rows, result.Candidates[2], 3, 12.5);
        Assert.Equal([4, 2, 1], refined.RungSizes());
        Assert.Equal(rows[2], refined.LastRow(0));       // left at the first rung
        Assert.Equal(rows[5], refined.LastRow(2));       // the survivor's last rung
        var s = SearchSummary.Of(result, refined, [result.Candidates[1], result.Candidates[2]], "/runs/s");
        Assert.Equal(new SearchSummary.Survivor(2, 3, G), s.Refine!.Winner);
        Assert.Equal(12.5, s.Refine.Seconds);
        Assert.Equal(rows, s.Refine.Rungs);
        Assert.Equal([1, 2], s.Front!);
    }

    [Fact]
    public void AWinnerOverItsLatencyLimit_IsSaid()
    {
        Assert.Null(Result().LatencyOverrun);                     // no limit
        Assert.Null(Result(maxLatencyMs: 0.9).LatencyOverrun);    // at the limit
        Assert.StartsWith("the winner measured 0.900 ms, over the 0.8 ms limit it was predicted to meet (0.500 ms predicted);",
            Result(maxLatencyMs: 0.8).LatencyOverrun);
        var unmeasured = new SearchResult(Settings(0.1), [Candidate(0, 5.0), Candidate(1, 3.0, measuredMs: 0.9)], 2);
        Assert.Null(unmeasured.LatencyOverrun);                  // the winner was not timed whole
    }
}
