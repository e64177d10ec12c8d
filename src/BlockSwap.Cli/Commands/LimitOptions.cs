using System.CommandLine;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// The limits a candidate must meet, declared once for search, study and run: the budget (run takes several),
/// its window, a MAC limit and a latency limit.
/// </summary>
internal sealed class LimitOptions
{
    private readonly Option<string?> budget;
    private readonly bool several;

    /// <param name="several">run: --budgets, a comma-separated list (required); otherwise --budget.</param>
    /// <param name="budgetRequired">study: a budget must be given (search may limit MACs or latency alone).</param>
    /// <param name="latencySetup">How latency is measured, for the --max-latency-ms description.</param>
    public LimitOptions(bool several = false, bool budgetRequired = false, string latencySetup = "")
    {
        this.several = several;
        budget = several
            ? new("--budgets") { Description = "Comma-separated budgets: parameter counts (e.g. 200k,400k,800k) or shares of the all-Conv teacher (e.g. 25%,50%)", Required = true }
            : new("--budget")
            {
                Description = "Parameter budget, e.g. 400000, 400k, 1.6m, or a percentage of the all-Conv teacher, e.g. 25% (its window accepts candidates)",
                Required = budgetRequired,
            };
        MaxLatencyMs = LatencyOptions.Limit(latencySetup);
    }

    public Option<double> Window { get; } = CliOptions.Window();
    public Option<string?> MaxMacs { get; } = CliOptions.MaxMacs();
    public Option<double?> MaxLatencyMs { get; }

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { budget, Window, MaxMacs, MaxLatencyMs }) c.Options.Add(o);
    }

    /// <summary>The budget (a percentage is of <paramref name="architecture"/>'s all-Conv network), or null when none was given.</summary>
    public long? Budget(ParseResult p, Architecture architecture) => p.GetValue(budget) is { } b ? CountText.Budget(b, architecture) : null;

    /// <summary>run's budgets, in the order given (a percentage is of <paramref name="architecture"/>'s all-Conv network); each once.</summary>
    public long[] Budgets(ParseResult p, Architecture architecture)
    {
        if (!several || p.GetValue(budget) is not { } list) throw new InvalidOperationException("--budgets is run's option, and required there");
        return CountText.Budgets(list, architecture);
    }

    /// <summary>The limits as given; search and study add their one budget (a percentage is of <paramref name="architecture"/>'s all-Conv network), run none (it has several).</summary>
    public BlockSwap.Engine.Networks.SearchLimits Read(ParseResult p, Architecture architecture) => new()
    {
        Budget = several ? null : Budget(p, architecture), Window = p.GetValue(Window), MaxMacs = Macs(p), MaxLatencyMs = LatencyMs(p),
    };

    public long? Macs(ParseResult p) => p.GetValue(MaxMacs) is { } m ? CountText.Macs(m) : null;

    public double? LatencyMs(ParseResult p) => p.GetValue(MaxLatencyMs);
}
