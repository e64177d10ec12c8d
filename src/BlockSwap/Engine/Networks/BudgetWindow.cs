namespace BlockSwap.Engine.Networks;

/// <summary>The accepted parameter range B ± window·B, strict on both sides (docs/method.md, "Search").</summary>
public readonly record struct BudgetWindow(long Budget, double Window)
{
    public double Lower => Budget - Window * Budget;
    public double Upper => Budget + Window * Budget;
    public bool Contains(long parameters) => parameters > Lower && parameters < Upper;
    public override string ToString() => $"({Lower:N0}, {Upper:N0})";
}
