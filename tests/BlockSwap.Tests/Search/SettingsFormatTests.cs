using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;
using BlockSwap.Methods.Search;

namespace BlockSwap.Tests.Search;

/// <summary>Files written before the limits and the proxy were typed (release 0.9) still load, to the same settings.</summary>
public class SettingsFormatTests
{
    // A search.json as release 0.9 wrote it (the four-budget experiment's first search), verbatim.
    private const string SearchJson09 = """
        {
          "architecture": { "name": "wrn-16-1", "classes": 10, "inChannels": 1, "inputSize": 28 },
          "budget": 11000,
          "latency": { "batch": 1, "threads": 1, "warmup": 10, "runs": 40 },
          "predictLatency": true,
          "latencyChecks": 10,
          "window": 0.025,
          "samples": 100,
          "proxy": "fisher",
          "batchSize": 128,
          "seed": 1,
          "sameBatch": false,
          "inits": 1,
          "wrapper": "per-block",
          "strategy": "random",
          "population": 20,
          "tournament": 5,
          "layout": "channels-last",
          "precision": "fp32",
          "dataset": "fashion-mnist",
          "shardIndex": 0,
          "shardCount": 1,
          "data": { "name": "fashion-mnist", "trainImages": 60000, "testImages": 10000, "digest": "db359ea17c7ac63c" }
        }
        """;

    [Fact]
    public void SearchJsonOfRelease09_LoadsToTheSameSettings_AndRoundTripsInTheSameForm()
    {
        var dir = Scratch.Folder("bs-format-");
        File.WriteAllText(Path.Combine(dir, SearchSettings.FileName), SearchJson09);
        var old = SearchSettings.Load(dir);
        var now = new SearchSettings
        {
            Architecture = BlockSwap.Engine.Networks.Architecture.WideResNet(16, 1, 10, 1, 28), Limits = new SearchLimits { Budget = 11_000 },
            Latency = new BlockSwap.Methods.Latency.LatencySetup(), PredictLatency = true, Samples = 100, Ranking = ProxyRanking.Parse("FISHER"), Dataset = "fashion-mnist",
            Data = new BlockSwap.Data.DataFingerprint("fashion-mnist", null, 60_000, 10_000, "db359ea17c7ac63c"),
        };
        Assert.Equal(new SearchLimits { Budget = 11_000, Window = 0.025 }, old.Limits);
        Assert.Equal(ProxyRanking.Default, old.Ranking);
        Assert.True(old.SameAs(now), Differences.Between(old, now));
        old.Save(dir);
        var text = File.ReadAllText(Path.Combine(dir, SearchSettings.FileName));
        // Written in the form release 0.9 wrote: the limits flat, after the architecture.
        Assert.DoesNotContain("\"limits\"", text);
        Assert.Contains("\"budget\": 11000,\n  \"window\": 0.025,\n  \"latency\"", text);
        Assert.True(SearchSettings.Load(dir).SameAs(now));
    }

    [Fact]
    public void GenotypeFileOfRelease09_KeepsItsLimits()
    {
        var path = Path.Combine(Scratch.Folder("bs-format-"), "best.json");
        File.WriteAllText(path, """
            { "format": "blockswap-genotype/1", "architecture": "wrn-16-1", "classes": 10, "inChannels": 1, "inputSize": 28, "wrapper": "per-block",
              "blocks": ["A4B2","DConvG8","DConv","DConv","DConvG8","DConvA8"], "params": 43290, "macs": 5228352, "proxy": "fisher",
              "budget": 44000, "maxMacs": 6000000, "window": 0.05, "samples": 100 }
            """);
        var file = GenotypeFile.Load(path);
        Assert.Equal(new SearchLimits { Budget = 44_000, Window = 0.05, MaxMacs = 6_000_000 }, file.Limits);
        Assert.Equal(43_290, file.Network.ToPlan().Parameters);
        var again = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(file, BlockSwap.Foundation.IO.JsonFormats.Indented))!;
        Assert.Equal(44_000, (long)again["budget"]!);
        Assert.Equal(6_000_000, (long)again["maxMacs"]!);
        Assert.Null(again["limits"]);
    }

    [Fact]
    public void ProxyRanking_IsValueEqual_AndWrittenAsItsName()
    {
        Assert.Equal(ProxyRanking.Parse("ensemble:fisher,snip"), ProxyRanking.Parse(" ENSEMBLE:fisher, snip "));
        Assert.NotEqual(ProxyRanking.Parse("fisher"), ProxyRanking.Parse("snip"));
        var json = System.Text.Json.JsonSerializer.Serialize(ProxyRanking.Parse("all"));
        Assert.Equal("\"all\"", json);
        Assert.Equal(ProxyRanking.Parse("all"), System.Text.Json.JsonSerializer.Deserialize<ProxyRanking>(json));
    }
}
