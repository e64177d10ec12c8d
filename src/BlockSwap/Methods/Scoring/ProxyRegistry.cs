namespace BlockSwap.Methods.Scoring;

/// <summary>Proxies by name; adding one means one class and one line here.</summary>
public static class ProxyRegistry
{
    public static IReadOnlyList<IProxy> All { get; } =
    [
        new FisherPotential(), new SynFlowProxy(), new SnipProxy(), new GradNormProxy(), new NaswotProxy(),
        new JacobCovProxy(), new ZicoProxy(), new ZenProxy(), new MecoProxy(), new ParamsProxy(),
    ];

    /// <summary>The paper's proxy.</summary>
    public const string Default = FisherPotential.ProxyName;

    public static string Names => string.Join(", ", All.Select(p => p.Name));

    /// <summary>One proxy by name (case, '-' and '_' ignored).</summary>
    public static IProxy Get(string name)
    {
        static string Key(string s) => s.Trim().ToLowerInvariant().Replace("-", "").Replace("_", "");
        return All.FirstOrDefault(x => Key(x.Name) == Key(name))
               ?? throw new BlockSwapException($"unknown proxy '{name}'{Spelling.Hint(name, All.Select(p => p.Name))}; use {Names}, all, or ensemble:a,b,...");
    }

    /// <summary>The proxies a selection computes (see <see cref="ProxyRanking"/>); the first ranks unless it is an ensemble.</summary>
    public static IReadOnlyList<IProxy> Resolve(string name) => ProxyRanking.Parse(name).Proxies;
}
