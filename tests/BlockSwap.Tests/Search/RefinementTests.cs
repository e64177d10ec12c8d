using BlockSwap.Data;
using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;
using BlockSwap.Methods.Training;
using static TorchSharp.torch;

namespace BlockSwap.Tests.Search;

/// <summary>Successive halving over a search's best candidates: the rungs' arithmetic, seeds, resume and its refusals.</summary>
[Trait("Category", TestCategories.Training)]
public class RefinementTests
{
    private static SearchSettings Search() => new()
    {
        Architecture = Architecture.WideResNet(10, 1, classes: 10, inChannels: 3, inputSize: 16),
        Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 60_000, Window = 0.1 }, Samples = 6, BatchSize = 16, Seed = 11, Dataset = "synthetic",
    };

    private static readonly RefineSettings Refine = new() { Top = 5, Epochs = 1, ValidationImages = 40, BatchSize = 32, Seed = 3 };

    private static DataSplits Data() => SyntheticData.Create(10, 3, 16, 200, 16, seed: 2);

    private static string Temp() => Scratch.Folder("bs-refine-");

    private static (SearchResult Search, RefineResult Refined) Run(string dir, DataSplits data, RefineSettings refine, bool resume = false)
    {
        var search = SearchRunner.Run(Search(), data, CPU, dir, resume);
        return (search, Refinement.Run(search, refine, data, CPU, dir, resume));
    }

    [Fact]
    public void Halves_ByValidationError_UntilOneIsLeft_AndBestJsonIsTheSurvivor()
    {
        using var data = Data();
        var dir = Temp();
        var (search, refined) = Run(dir, data, Refine);
        // 5 → 3 → 2 → 1: each rung keeps ceil(n/2), trained one more epoch from its own weights.
        Assert.Equal([5, 3, 2], refined.Rows.GroupBy(r => r.Rung).Select(g => g.Count()));
        Assert.Equal([1, 2, 3], refined.Rows.GroupBy(r => r.Rung).Select(g => g.First().Epochs));
        Assert.Equal(Refinement.Ranked(search).Take(5).Select(c => c.Index), refined.Rows.Where(r => r.Rung == 1).Select(r => r.Index));
        Assert.Equal([1, 2, 3, 4, 5], refined.Rows.Where(r => r.Rung == 1).Select(r => r.ZeroCostRank));
        foreach (var rung in refined.Rows.GroupBy(r => r.Rung))
        {
            var kept = rung.Where(r => r.Kept).ToArray();
            Assert.Equal((rung.Count() + 1) / 2, kept.Length);
            Assert.True(kept.Max(r => r.ValidationError) <= rung.Where(r => !r.Kept).Select(r => r.ValidationError).DefaultIfEmpty(100).Min());
            if (rung.Key > 1) Assert.Equal(refined.Rows.Where(r => r.Rung == rung.Key - 1 && r.Kept).Select(r => r.Index).Order(), rung.Select(r => r.Index).Order());
        }
        var last = refined.Rows.Where(r => r.Rung == 3).Single(r => r.Kept);
        Assert.Equal(last.Index, refined.Winner.Index);
        // The validation error is a real evaluation of the trained network on the held-out images.
        var runDir = Refinement.RunFolder(Path.Combine(dir, Refinement.FolderName), 2, last.Index);
        Assert.Equal(last.ValidationError, TrainingResult.Load(runDir).TestTop1Error);
        Assert.Equal(40, Checkpoint.ReadHeader(Path.Combine(runDir, Checkpoint.FileName)).Data!.TestImages);
        Assert.Equal(refined.Winner.Genotype, GenotypeFile.Load(Path.Combine(dir, "best.json")).Network.Genotype);
        Assert.Equal(search.Best.Candidate.Genotype, GenotypeFile.Load(Path.Combine(dir, "best-zero-cost.json")).Network.Genotype);
        Assert.StartsWith("refine(fisher, top 5", GenotypeFile.Load(Path.Combine(dir, "best.json")).Proxy);
        Assert.Equal(11, File.ReadAllLines(Path.Combine(dir, Refinement.FolderName, Refinement.TableName)).Length);
    }

    [Fact]
    public void IsSeeded_Resumes_WithoutRetraining_AndRefusesOtherOptions()
    {
        using var data = Data();
        var a = Temp();
        var first = Run(a, data, Refine).Refined;
        var again = Run(Temp(), data, Refine).Refined;
        Assert.Equal(first.Rows, again.Rows);

        // An interruption after the first rung: its trainings are kept, the later rungs trained again, to the same result.
        var refineDir = Path.Combine(a, Refinement.FolderName);
        var rung1 = Directory.GetDirectories(refineDir, "r1-*").ToDictionary(d => d, d => File.GetLastWriteTimeUtc(Path.Combine(d, "result.json")));
        foreach (var d in Directory.GetDirectories(refineDir).Where(d => !Path.GetFileName(d).StartsWith("r1-"))) Directory.Delete(d, recursive: true);
        var resumed = Run(a, data, Refine, resume: true).Refined;
        Assert.Equal(first.Rows, resumed.Rows);
        Assert.All(rung1, kv => Assert.Equal(kv.Value, File.GetLastWriteTimeUtc(Path.Combine(kv.Key, "result.json"))));

        var e = Assert.Throws<BlockSwapException>(() => Refinement.Run(SearchResult.Load(a), Refine with { Epochs = 2 }, data, CPU, a, resume: true));
        Assert.Contains("holds a different refinement (epochs 1 → 2)", e.Message);
        e = Assert.Throws<BlockSwapException>(() => Refinement.Run(SearchResult.Load(a), Refine, data, CPU, a, resume: false));
        Assert.Contains("already holds a refinement", e.Message);
        Assert.Contains("--refine 1 is invalid", Assert.Throws<BlockSwapException>(() => (Refine with { Top = 1 }).Validate()).Message);
    }
}
