using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;
using BlockSwap.Tests.Accounting;

namespace BlockSwap.Tests.Genotypes;

public class GenotypeFileTests
{
    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("bs-geno-").FullName, name);

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
}
