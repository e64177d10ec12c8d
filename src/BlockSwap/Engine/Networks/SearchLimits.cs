using System.Text.Json.Serialization;

namespace BlockSwap.Engine.Networks;

/// <summary>
/// What a candidate must meet: a parameter budget with its window (strict on both sides), at most this many
/// multiply-accumulates, and at most this predicted latency in milliseconds. The one record every settings file holds
/// (search, study, run, genotype files) and the one place they are validated (<see cref="Checked()"/>): a new limit is
/// a property here and its check in the sampler.
/// </summary>
public sealed record SearchLimits
{
    public const double DefaultWindow = 0.025;

    public SearchLimits() { }

    /// <summary>The limits as the sampler reads them: a window (or none), a MAC and a latency limit.</summary>
    public SearchLimits(BudgetWindow? Window = null, long? MaxMacs = null, double? MaxLatencyMs = null)
    {
        Budget = Window?.Budget;
        this.Window = Window?.Window ?? DefaultWindow;
        this.MaxMacs = MaxMacs;
        this.MaxLatencyMs = MaxLatencyMs;
    }

    /// <summary>Parameters aimed at (null: no parameter limit).</summary>
    public long? Budget { get; init; }
    /// <summary>Half-width of the accepted window as a fraction of the budget.</summary>
    public double Window { get; init; } = DefaultWindow;
    public long? MaxMacs { get; init; }
    /// <summary>Predicted ONNX Runtime latency (ms) on this machine.</summary>
    public double? MaxLatencyMs { get; init; }

    /// <summary>The accepted parameter range, when there is a budget.</summary>
    [JsonIgnore]
    public BudgetWindow? BudgetWindow => Budget is { } b ? new BudgetWindow(b, Window) : null;

    /// <summary>The same limits for another budget (run's budgets share the other limits).</summary>
    public SearchLimits ForBudget(long budget) => this with { Budget = budget };

    /// <summary>These limits, after checking each: at least one given, every one positive and finite, the window a fraction.</summary>
    public SearchLimits Checked()
    {
        if (Budget is null && MaxMacs is null && MaxLatencyMs is null)
            throw new BlockSwapException("no limit given: give a parameter budget (--budget), a MAC limit (--max-macs), a latency limit (--max-latency-ms), or several");
        if (Budget <= 0) throw new BlockSwapException($"budget {Budget} is invalid: give a positive parameter count");
        if (MaxMacs <= 0) throw new BlockSwapException($"MAC limit {MaxMacs} is invalid: give a positive count");
        if (MaxLatencyMs is { } l && !(l > 0 && double.IsFinite(l))) throw new BlockSwapException($"latency limit {l} ms is invalid: give a positive number of milliseconds");
        if (!(Window > 0 && Window < 1)) throw new BlockSwapException($"window {Window} is invalid: use a fraction of the budget such as {DefaultWindow}");
        return this;
    }

    public static SearchLimits Checked(long? budget, double window, long? maxMacs, double? maxLatencyMs) =>
        new SearchLimits { Budget = budget, Window = window, MaxMacs = maxMacs, MaxLatencyMs = maxLatencyMs }.Checked();

    public override string ToString() => string.Join(" and ",
        new[]
        {
            BudgetWindow is { } w ? $"the window {w}" : null, MaxMacs is { } m ? $"at most {m:N0} MACs" : null,
            MaxLatencyMs is { } l ? $"at most {l:G4} ms predicted latency" : null,
        }.OfType<string>());
}
