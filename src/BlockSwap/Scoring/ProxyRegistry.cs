namespace BlockSwap.Scoring;

/// <summary>Proxies by name; adding one means one class and one line here.</summary>
public static class ProxyRegistry
{
    public static IReadOnlyList<IProxy> All { get; } =
        [new FisherPotential(), new SynFlowProxy(), new SnipProxy(), new GradNormProxy(), new NaswotProxy(), new ParamsProxy()];

    /// <summary>The paper's proxy.</summary>
    public const string Default = "fisher";

    public static string Names => string.Join(", ", All.Select(p => p.Name));

    /// <summary>One proxy by name, or every proxy for <c>all</c> (Fisher first: it stays the ranking proxy).</summary>
    public static IReadOnlyList<IProxy> Resolve(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "all") return All;
        var p = All.FirstOrDefault(x => x.Name == n || x.Name.Replace("-", "") == n.Replace("-", "").Replace("_", ""));
        return p is null ? throw new BlockSwapException($"unknown proxy '{name}'; use {Names} or all") : [p];
    }
}
