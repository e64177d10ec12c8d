using BlockSwap.Outputs.Reporting;

namespace BlockSwap.Tests.Pipeline;

/// <summary>How the plots lay out a run: titles that fit above the data, curves and legend entries per method and budget, arms side by side.</summary>
public class PlotLayoutTests
{
    [Fact]
    public void Wrap_BreaksALongTitleAfterItsSubject_ElseIntoBalancedLines()
    {
        // The latency plot's title ran past the figure's left edge on one line (88 characters).
        const string title = "wrn-16-1 on fashion-mnist: ONNX Runtime latency (batch 1, one thread) against parameters";
        Assert.Equal(["wrn-16-1 on fashion-mnist:", "ONNX Runtime latency (batch 1, one thread) against parameters"], Plots.Wrap(title, 75));
        // 74 characters fitted on one line (the scores plot at 104,000).
        const string scores = "wrn-16-1 on fashion-mnist: fisher scores of the candidates, budget 104,000";
        Assert.Equal([scores], Plots.Wrap(scores, 75));
        // No subject to break after, or a half too long: balanced lines, as few as greedy filling needs.
        Assert.Equal(["wrn-16-1 on fashion-mnist ONNX Runtime latency", "(batch 1, one thread) against parameters"],
            Plots.Wrap(title.Replace(":", ""), 75));
        Assert.Equal(["a: b c", "d e f g"], Plots.Wrap("a: b c d e f g", 8)); // "b c d e f g" is too long for one line
        var words = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"w{i:D2}"));
        var lines = Plots.Wrap(words, 50);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.InRange(l.Length, 35, 50));
        Assert.Equal(words, string.Join(' ', lines));
        Assert.Equal(["a", new string('x', 80), "b"], Plots.Wrap($"a {new string('x', 80)} b", 75));
        Assert.Empty(Plots.Wrap("", 75));
    }

    private static ReportRow Row(string method, long seed, params double[] curve) =>
        new() { Method = method, Seed = seed, Genotype = "DConv", Folder = $"{method}-s{seed}", Curve = curve };

    [Fact]
    public void CurveGroups_AreOnePerMethodAndBudget_WithTheMeanOverSeedsPerEpoch()
    {
        var b1 = new BudgetReport(11_000, 10_725, 11_275,
            [Row("blockswap", 1, 30, 20, 12), Row("moonshine", 1, 32, 21, 13), Row("blockswap", 2, 26, 18, 11), Row("moonshine", 2, 28, 19, 12),
             Row("random", 9, 40, 25, 14)], "G4B4", [], null);
        // A network without a curve (a given one) draws nothing; seeds that ran different lengths average over the shared epochs.
        var b2 = new BudgetReport(104_000, 101_400, 106_600, [Row("blockswap", 1, 20, 10, 7), Row("blockswap", 2, 22, 12), Row("moonshine", 1)], "DConvA2", [], null);
        var report = new RunReport
        {
            Architecture = "wrn-16-1", Dataset = "d", Recipe = "r", Proxy = "fisher", Teacher = Row("teacher", 1, 25, 15), Budgets = [b1, b2], Device = "cpu",
        };
        var groups = CurveGroup.Of(report);
        Assert.Equal(["blockswap 11K: mean of 2 seeds", "moonshine 11K: mean of 2 seeds", "random 11K seed 9", "blockswap 104K: mean of 2 seeds"],
            groups.Select(g => g.Label));
        Assert.Equal([28.0, 19.0, 11.5], groups[0].Mean);
        Assert.Equal([30.0, 20.0, 12.5], groups[1].Mean);
        Assert.Equal([40.0, 25.0, 14.0], groups[2].Mean);
        Assert.Equal([21.0, 11.0], groups[3].Mean);
        Assert.Equal([1L, 2L], groups[3].Seeds);
    }

    [Fact]
    public void Dodge_SetsTheMethodsSideBySide_CentredOnTheBudget()
    {
        var d = Plots.Dodge(["blockswap", "moonshine", "blockswap", "random"]);
        Assert.Equal(["blockswap", "moonshine", "random"], d.Keys);
        Assert.Equal(-Plots.DodgeStep, d["blockswap"], 12);
        Assert.Equal(0, d["moonshine"], 12);
        Assert.Equal(Plots.DodgeStep, d["random"], 12);
        var two = Plots.Dodge(["blockswap", "moonshine"]);
        Assert.Equal(-Plots.DodgeStep / 2, two["blockswap"], 12);
        Assert.Equal(Plots.DodgeStep / 2, two["moonshine"], 12);
        Assert.Equal(0, Plots.Dodge(["teacher"])["teacher"], 12);
    }

    [Fact]
    public void LegendName_SaysWhichMeansCarryAnInterval()
    {
        const string name = "mean, 95 % interval";
        Assert.Equal("blockswap: mean, 95 % interval", Plots.LegendName("blockswap", [10, 10, 8, 8], true, name));
        // The random arm of the four-budget run: two seeds a budget, whose t-intervals are not drawn.
        Assert.Equal("random: mean of 2 seeds", Plots.LegendName("random", [2, 2, 2, 2], true, name));
        Assert.Equal("random: mean, 95 % interval where 3+ seeds", Plots.LegendName("random", [2, 3], true, name));
        Assert.Equal("random: mean of 1–2 seeds", Plots.LegendName("random", [1, 2], true, name));
        Assert.Equal("moonshine", Plots.LegendName("moonshine", [1, 1], true, name));
        // Latency's means have no interval of their own; the name says what they are.
        Assert.Equal("blockswap: geometric mean over seeds", Plots.LegendName("blockswap", [2, 2], false, "geometric mean over seeds"));
    }
}
