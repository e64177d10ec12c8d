using BlockSwap.Engine.Networks;

namespace BlockSwap.Tests.Networks;

/// <summary>The limits every settings record holds: the budget's window, their checks and how they read.</summary>
public class SearchLimitsTests
{
    [Fact]
    public void Window_IsStrictOnBothSides()
    {
        var w = new BudgetWindow(1000, 0.025);
        Assert.Equal((975.0, 1025.0), (w.Lower, w.Upper));
        Assert.True(w.Contains(976) && w.Contains(1000) && w.Contains(1024));
        Assert.False(w.Contains(975) || w.Contains(1025) || w.Contains(900) || w.Contains(1100));
        Assert.Equal("(975, 1,025)", w.ToString());
        Assert.Equal((8000.0, 12000.0), (new BudgetWindow(10_000, 0.2).Lower, new BudgetWindow(10_000, 0.2).Upper));
    }

    [Fact]
    public void FromAWindow_TakesItsBudgetAndWidth_ElseTheDefault()
    {
        var given = new SearchLimits(new BudgetWindow(44_000, 0.05), MaxMacs: 5_000_000, MaxLatencyMs: 0.3);
        Assert.Equal((44_000L, 0.05, 5_000_000L, 0.3), (given.Budget!.Value, given.Window, given.MaxMacs!.Value, given.MaxLatencyMs!.Value));
        Assert.Equal(new BudgetWindow(44_000, 0.05), given.BudgetWindow);
        var macsOnly = new SearchLimits(MaxMacs: 1000);
        Assert.Equal((null, SearchLimits.DefaultWindow, (BudgetWindow?)null), (macsOnly.Budget, macsOnly.Window, macsOnly.BudgetWindow));
        Assert.Equal(new BudgetWindow(11_000, 0.05), given.ForBudget(11_000).BudgetWindow);
        Assert.Equal(5_000_000, given.ForBudget(11_000).MaxMacs);
    }

    [Fact]
    public void ToString_NamesEachLimitGiven()
    {
        Assert.Equal("the window (42,900, 45,100) and at most 5,000,000 MACs and at most 0.3 ms predicted latency",
            new SearchLimits(new BudgetWindow(44_000, 0.025), 5_000_000, 0.3).ToString());
        Assert.Equal("at most 1,000 MACs", new SearchLimits(MaxMacs: 1000).ToString());
        Assert.Equal("", new SearchLimits().ToString());
    }

    [Fact]
    public void Checked_PassesValidLimits_Unchanged()
    {
        var limits = SearchLimits.Checked(44_000, 0.1, 2_000_000, 1.5);
        Assert.Equal(new SearchLimits { Budget = 44_000, Window = 0.1, MaxMacs = 2_000_000, MaxLatencyMs = 1.5 }, limits);
        Assert.Equal(1, SearchLimits.Checked(null, 0.5, 1, null).MaxMacs);
        Assert.Equal(0.01, SearchLimits.Checked(null, 0.5, null, 0.01).MaxLatencyMs);
        Assert.Equal(1, SearchLimits.Checked(1, 0.999, null, null).Budget);
    }

    [Theory]
    [InlineData(null, 0.025, null, null, "no limit given: give a parameter budget (--budget), a MAC limit (--max-macs), a latency limit (--max-latency-ms), or several")]
    [InlineData(0L, 0.025, null, null, "budget 0 is invalid: give a positive parameter count")]
    [InlineData(-3L, 0.025, null, null, "budget -3 is invalid: give a positive parameter count")]
    [InlineData(null, 0.025, 0L, null, "MAC limit 0 is invalid: give a positive count")]
    [InlineData(null, 0.025, null, 0.0, "latency limit 0 ms is invalid: give a positive number of milliseconds")]
    [InlineData(null, 0.025, null, double.PositiveInfinity, "latency limit Infinity ms is invalid: give a positive number of milliseconds")]
    [InlineData(1000L, 0.0, null, null, "window 0 is invalid: use a fraction of the budget such as 0.025")]
    [InlineData(1000L, 1.0, null, null, "window 1 is invalid: use a fraction of the budget such as 0.025")]
    [InlineData(1000L, -0.1, null, null, "window -0.1 is invalid: use a fraction of the budget such as 0.025")]
    public void Checked_RefusesEachBadLimit(long? budget, double window, long? macs, double? latency, string message) =>
        Assert.Equal(message, Assert.Throws<BlockSwapException>(() => SearchLimits.Checked(budget, window, macs, latency)).Message);
}
