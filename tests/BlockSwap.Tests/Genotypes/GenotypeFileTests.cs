using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;
using BlockSwap.Tests.Accounting;

namespace BlockSwap.Tests.Genotypes;

public class GenotypeFileTests
{
    private static string Temp(string name) => Path.Combine(Scratch.Folder("bs-geno-"), name);

    [Fact]
    public void ReferenceCsv_RoundTrips_AndMatchesPublishedLayout()
    {
        var g = Genotype.Parse(PublishedGenotypeTests.Bs800k);
        var path = Temp("800Kbest.csv");
        ReferenceCsv.WriteBest(path, g, fisher: 0.00123);
        var text = File.ReadAllText(path);
        Assert.StartsWith(",index,convs,fisher\n0,0,\"['ConvB4', 'Conv', 'A16B2', ", text);
        Assert.EndsWith("'DConvA8']\",0.00123\n", text);   // the winner's score, where the reference writes 0.0
        Assert.Equal(g, ReferenceCsv.Read(path));
        ReferenceCsv.WriteBest(path, g);
        Assert.EndsWith("'DConvA8']\",\n", File.ReadAllText(path));
        Assert.Equal(g, ReferenceCsv.Read(path));
    }

    [Fact]
    public void ReferenceCsv_Reader_AcceptsMissingSpaceVariant_AndAllCsv()
    {
        var path = Temp("bs_imagenet_1.csv");
        File.WriteAllText(path, ",index,convs,fisher\n0,0,\"['DConvA8', 'G2B2','G2B2', 'Conv', 'DConvA2', 'DConvG2', 'ConvB2', 'DConvA16', 'A16B2','G16B2', 'DConvG4', 'A2B2', 'A8B2', 'G2B2', 'DConvG4', 'A4B2']\",0.0\n");
        var g = ReferenceCsv.Read(path);
        Assert.Equal(16, g.Count);
        Assert.Equal(3080488, new NetworkSpec(Architecture.PreActResNet(34), g).ToPlan().Parameters);
        var all = Temp("800Kall.csv");
        File.WriteAllText(all, ",convs,fisher\n0,\"['Conv', 'DConv']\",0.123\n1,\"['G2B4', 'G2B4']\",0.5\n");
        Assert.Equal("Conv,DConv", ReferenceCsv.Read(all).ToString());
    }

    [Fact]
    public void JsonFile_RoundTrips_WithSearchFields()
    {
        var plan = new NetworkSpec(Architecture.WideResNet(40, 2), Genotype.Parse(PublishedGenotypeTests.Bs200k), WrapperPolicy.GroupFirst).ToPlan();
        var path = Temp("g.json");
        (GenotypeFile.From(plan) with { Score = 1.5, Proxy = "fisher", Seed = 3, Limits = new BlockSwap.Engine.Networks.SearchLimits { Budget = 200000 } }).Save(path);
        var back = GenotypeFile.Load(path);
        Assert.Equal(301210, back.Params);
        Assert.Equal(WrapperPolicy.GroupFirst, back.Network.Policy);
        Assert.Contains("\"wrapper\": \"group-first\"", File.ReadAllText(path));
        Assert.Equal(plan.Spec, back.Network);
        Assert.Equal(1.5, back.Score);
        var replan = back.Network.ToPlan();
        Assert.Equal(plan.Genotype, replan.Genotype);
        Assert.Equal(plan.Parameters, replan.Parameters);
        Assert.Equal(plan.Macs, back.Macs);
    }

    [Fact]
    public void BadGenotypeFiles_NameTheFileAndProblem()
    {
        var missing = Temp("missing.json");
        Assert.Contains("does not exist", Assert.Throws<BlockSwapException>(() => GenotypeFile.Load(missing)).Message);
        var malformed = Temp("bad.json");
        File.WriteAllText(malformed, "{ not json");
        Assert.Contains(malformed, Assert.Throws<BlockSwapException>(() => GenotypeFile.Load(malformed)).Message);
        var wrongCount = Temp("short.json");
        File.WriteAllText(wrongCount, "{\"format\":\"blockswap-genotype/1\",\"architecture\":\"wrn-40-2\",\"blocks\":[\"Conv\",\"DConv\"]}");
        var e = Assert.Throws<BlockSwapException>(() => GenotypeFile.Load(wrongCount));
        Assert.Contains(wrongCount, e.Message);
        Assert.Contains("18 block positions", e.Message);
        var unknown = Temp("unknown.csv");
        File.WriteAllText(unknown, ",index,convs,fisher\n0,0,\"['Conv', 'type']\",0.0\n");
        var u = Assert.Throws<BlockSwapException>(() => ReferenceCsv.Read(unknown));
        Assert.Contains("'type' at position 1", u.Message);
        Assert.Contains("G2B4", u.Message);
        var noConvs = Temp("nocol.csv");
        File.WriteAllText(noConvs, "a,b\n1,2\n");
        Assert.Contains("'convs'", Assert.Throws<BlockSwapException>(() => ReferenceCsv.Read(noConvs)).Message);
    }

    [Fact]
    public void JsonFile_OfAHandWrittenGenotype_HasNoLimits()
    {
        // A genotype no search found: none of the limits' flat keys (writing it once threw inside System.Text.Json).
        var plan = new NetworkSpec(Architecture.WideResNet(10, 1), Genotype.Parse("Conv,DConv,G4B2")).ToPlan();
        var path = Temp("hand.json");
        GenotypeFile.From(plan).Save(path);
        var text = File.ReadAllText(path);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\"budget\"", text);
        Assert.DoesNotContain("\"window\"", text);
        var back = GenotypeFile.Load(path);
        Assert.Null(back.Limits);
        Assert.Equal(plan.Spec, back.Network);
    }

    [Theory]
    [InlineData("bad.json", "null", "empty genotype file")]
    [InlineData("bad.json", "{ \"format\": \"other/2\", \"architecture\": \"wrn-10-1\", \"blocks\": [\"Conv\", \"Conv\", \"Conv\"] }", "unknown format 'other/2', expected 'blockswap-genotype/1'")]
    [InlineData("bad.json", "{\n  \"architecture\": \"wrn-10-1\",\n  \"blocks\": 5\n}", "not a valid genotype JSON file (a value of the wrong type at $.blocks, line 3);")]
    [InlineData("bad.json", "{\n\n  broken", "not a valid genotype JSON file (not valid JSON at $, line 3);")]
    [InlineData("bad.csv", "", "empty CSV; expected a header with a 'convs' column")]
    [InlineData("bad.csv", ",index,blocks\n0,0,x\n", "no 'convs' column in the header; expected the reference format ',index,convs,fisher'")]
    [InlineData("bad.csv", ",index,convs,fisher\n", "no data row under the header")]
    public void GenotypeFiles_SayWhatIsWrongAndWhere(string name, string text, string expected)
    {
        var path = Temp(name);
        Action<string> read = name.EndsWith(".csv") ? p => ReferenceCsv.Read(p) : p => GenotypeFile.Load(p);
        File.WriteAllText(path, text);
        Assert.StartsWith($"{path}: {expected}", Assert.Throws<BlockSwapException>(() => read(path)).Message);
        Assert.Equal($"genotype file {path}.missing does not exist; give the path of a .json or .csv genotype",
            Assert.Throws<BlockSwapException>(() => read(path + ".missing")).Message);
    }

    [Fact]
    public void ReferenceCsv_ReadsTolerantly()
    {
        var path = Temp("ok.csv");
        // convs as the first column, and a row with a stray quote and a missing field: read, not refused.
        File.WriteAllText(path, "convs,fisher\n\"['Conv', 'DConv']\"\n");
        Assert.Equal("Conv,DConv", ReferenceCsv.Read(path).ToString());
        File.WriteAllText(path, ",index,convs,fisher\n0,0,\"['Conv', 'DConv']\",0.5\"x\n");
        Assert.Equal("Conv,DConv", ReferenceCsv.Read(path).ToString());
        File.WriteAllText(path, ",index,convs\n0,0\n");
        Assert.Contains("no block types given", Assert.Throws<BlockSwapException>(() => ReferenceCsv.Read(path)).Message);
        Assert.Equal("['Conv', 'G8B2']", ReferenceCsv.PythonList(Genotype.Parse("Conv,G8B2")));
    }
}
