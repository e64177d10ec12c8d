using BlockSwap.Methods.Search;

namespace BlockSwap.Tests.Search;

/// <summary>What every merge checks first: shard notation, one whole job, each slice exactly once and complete.</summary>
public class ShardsTests
{
    private sealed record Job(int Samples, int Index, int Count);

    private static string Refusal(Action merge) => Assert.Throws<BlockSwapException>(merge).Message;

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    public void Parse_ReadsIOfN(string text, int index, int count) => Assert.Equal((index, count), Shards.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("0/0")]
    [InlineData("1")]
    [InlineData("1/2/3")]
    [InlineData("a/b")]
    public void Parse_RefusesWhatIsNotASlice(string text) =>
        Assert.Equal($"--shard '{text}' is invalid: write I/N with 0 <= I < N, e.g. 0/4", Refusal(() => Shards.Parse(text)));

    [Fact]
    public void CheckComplete_WantsEveryShardOfOneCount_Once()
    {
        Shards.CheckComplete([(1, 3), (0, 3), (2, 3)], ["b", "a", "c"]);              // any order
        Assert.Equal("merge: b is shard 1/2 but a is one of 3; merge the shards of one job",
            Refusal(() => Shards.CheckComplete([(0, 3), (1, 2)], ["a", "b"])));
        Assert.Equal("merge: c and a are both shard 0/3; give each shard once",
            Refusal(() => Shards.CheckComplete([(0, 3), (1, 3), (0, 3)], ["a", "b", "c"])));
        Assert.Equal("merge: shard 2/3 missing; give all 3 shard folders (an incomplete merge would claim every candidate)",
            Refusal(() => Shards.CheckComplete([(0, 3), (1, 3)], ["a", "b"])));
        Assert.Equal("merge: shards 0/4, 3/4 missing; give all 4 shard folders (an incomplete merge would claim every candidate)",
            Refusal(() => Shards.CheckComplete([(1, 4), (2, 4)], ["a", "b"])));
    }

    [Fact]
    public void CheckSlice_WantsExactlyItsOwnRows()
    {
        Shards.CheckSlice("s", 1, 2, 50, 100, [.. Enumerable.Range(50, 50)], "candidates");
        Shards.CheckSlice("s", 1, 2, 50, 100, [.. Enumerable.Range(50, 50), 60], "candidates");   // a repeated row is still its own
        Assert.Equal("merge: s says it is shard 1/2 (candidates 50..99) but holds candidates 3, 7 of another slice; merge the shard folders as their searches wrote them",
            Refusal(() => Shards.CheckSlice("s", 1, 2, 50, 100, [7, 3, 7, .. Enumerable.Range(50, 50)], "candidates")));
        Assert.Equal("merge: s says it is shard 0/2 (candidates 0..49) but holds candidates 50, 51, 52, 53, 54, ... of another slice; merge the shard folders as their searches wrote them",
            Refusal(() => Shards.CheckSlice("s", 0, 2, 0, 50, [.. Enumerable.Range(50, 6).Reverse()], "candidates")));
        Assert.Equal("merge: s says it is shard 0/2 (candidates 0..49) but holds candidates 50, 51, 52, 53, 54 of another slice; merge the shard folders as their searches wrote them",
            Refusal(() => Shards.CheckSlice("s", 0, 2, 0, 50, [.. Enumerable.Range(50, 5)], "candidates")));
        Assert.Equal("merge: s (shard 1/2) holds 49 of its 50 candidates; finish it first (rerun that shard with --resume), then merge",
            Refusal(() => Shards.CheckSlice("s", 1, 2, 50, 100, [.. Enumerable.Range(51, 49)], "candidates")));
    }

    [Fact]
    public void Load_TakesOneJobsShards_AndNamesWhatDiffers()
    {
        var jobs = new Dictionary<string, Job> { ["a"] = new(100, 0, 2), ["b"] = new(100, 1, 2), ["c"] = new(80, 1, 2) };
        Job[] Load(params string[] dirs) => Shards.Load(dirs, "search", d => jobs[d], j => j with { Index = 0 }, (x, y) => x.Samples == y.Samples && x.Count == y.Count,
            j => (j.Index, j.Count));
        Assert.Equal([jobs["b"], jobs["a"]], Load("b", "a"));
        Assert.Equal("merge: give at least one search folder", Refusal(() => Load()));
        Assert.Equal("merge: c is a different search from a (samples 100 → 80)", Refusal(() => Load("a", "c")));
        Assert.Equal("merge: shard 1/2 missing; give all 2 shard folders (an incomplete merge would claim every candidate)", Refusal(() => Load("a")));
    }

    [Fact]
    public void CheckNotAShard_RefusesMergingIntoAShard()
    {
        Shards.CheckNotAShard("/tmp/merged", ["/tmp/s0", "/tmp/s1"]);
        Assert.Equal("merge: -o /tmp/s1/ is one of the shards being merged (/tmp/s1); merge into a new folder",
            Refusal(() => Shards.CheckNotAShard("/tmp/s1/", ["/tmp/s0", "/tmp/s1"])));
    }
}
