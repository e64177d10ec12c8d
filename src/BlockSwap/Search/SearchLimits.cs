namespace BlockSwap.Search;

/// <summary>
/// What a candidate must meet: a parameter window (strict), at most this many multiply-accumulates, and at most this
/// predicted latency in milliseconds. <see cref="Checked"/> is the one validation of these limits, wherever they are
/// given (search, study, every budget of a run).
/// </summary>
public sealed record SearchLimits(BudgetWindow? Window = null, long? MaxMacs = null, double? MaxLatencyMs = null)
{
    /// <summary>The limits, after checking each: at least one given, every one positive and finite, the window a fraction.</summary>
    public static SearchLimits Checked(long? budget, double window, long? maxMacs, double? maxLatencyMs)
    {
        if (budget is null && maxMacs is null && maxLatencyMs is null)
            throw new BlockSwapException("no limit given: give a parameter budget (--budget), a MAC limit (--max-macs), a latency limit (--max-latency-ms), or several");
        if (budget <= 0) throw new BlockSwapException($"budget {budget} is invalid: give a positive parameter count");
        if (maxMacs <= 0) throw new BlockSwapException($"MAC limit {maxMacs} is invalid: give a positive count");
        if (maxLatencyMs is { } l && !(l > 0 && double.IsFinite(l))) throw new BlockSwapException($"latency limit {l} ms is invalid: give a positive number of milliseconds");
        if (!(window > 0 && window < 1)) throw new BlockSwapException($"window {window} is invalid: use a fraction of the budget such as {SearchSettings.DefaultWindow}");
        return new(budget is { } b ? new BudgetWindow(b, window) : null, maxMacs, maxLatencyMs);
    }

    public override string ToString() => string.Join(" and ",
        new[]
        {
            Window is { } w ? $"the window {w}" : null, MaxMacs is { } m ? $"at most {m:N0} MACs" : null,
            MaxLatencyMs is { } l ? $"at most {l:G4} ms predicted latency" : null,
        }.OfType<string>());
}
