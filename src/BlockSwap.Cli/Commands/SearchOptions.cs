using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Search;

namespace BlockSwap.Cli.Commands;

/// <summary>Every option that decides a search's candidates and scores, read into one <see cref="SearchSettings"/>.</summary>
internal sealed class SearchOptions
{
    public ParsedOption<Architecture> Arch { get; } = CliOptions.Arch();
    public LimitOptions Limits { get; } = new();
    public Option<int> Samples { get; } = CliOptions.Samples("Candidates to sample and score");
    /// <summary>Also the Pareto front; every candidate's latency is then predicted.</summary>
    public Option<bool> Pareto { get; } = new("--pareto")
    {
        Description = "Also write the Pareto front in (score, parameters, MACs, predicted latency): front.csv, front_macs.png, front_params.png, front_latency.png",
    };
    public ParsedOption<BlockSwap.Methods.Scoring.ProxyRanking> Proxy { get; } = CliOptions.Proxy();
    public Option<int> Inits { get; } = new("--inits")
    {
        Description = "Score each candidate at K initialisations, each with its own minibatch, and rank by the combined score (the geometric mean of positive scores: the mean log-score); K times the scoring time",
        DefaultValueFactory = _ => 1,
    };
    public ChoiceOption<SearchStrategy> Strategy { get; } = new("--strategy",
        "random (every candidate an independent draw, the paper's) or evolution (regularised evolution guided by the proxy: mutate the best of --tournament members of the last --population scored)",
        SearchStrategy.Random, "strategy");
    public Option<int> Population { get; } = new("--population") { Description = "Evolution: population size (its first members are random draws)", DefaultValueFactory = _ => SearchSettings.DefaultPopulation };
    public Option<int> Tournament { get; } = new("--tournament") { Description = "Evolution: members compared to choose each parent", DefaultValueFactory = _ => SearchSettings.DefaultTournament };
    public Option<int> Batch { get; } = CliOptions.BatchSize("Minibatch size for scoring");
    public Option<long> Seed { get; } = CliOptions.Seed();
    public Option<bool> SameBatch { get; } = new("--same-batch") { Description = "Score every candidate on one shared minibatch (one per initialisation with --inits)" };
    public ChoiceOption<WrapperPolicy> Wrapper { get; } = CliOptions.Wrapper();
    public Option<string> Shard { get; } = new("--shard") { Description = "Score only slice I of N of the candidate list (I/N)", DefaultValueFactory = _ => "0/1" };
    public Option<int> InChannels { get; } = CliOptions.InChannels();
    public Option<int?> InputSize { get; } = CliOptions.InputSize();
    public LatencyOptions Latency { get; } = new();
    public Option<int> LatencyChecks { get; } = new("--latency-checks")
    {
        Description = "With latency in use, time this many candidates (the first) whole to check the table's prediction", DefaultValueFactory = _ => SearchSettings.DefaultLatencyChecks,
    };
    public ParsedOption<BlockSwap.Foundation.Runtime.LayoutChoice> Layout { get; } = CliOptions.Layout("channels-last; nchw is the reference's layout, with the same Fisher values to float rounding");
    public ChoiceOption<BlockSwap.Foundation.Runtime.Precision> Precision { get; } = new("--precision",
        "Scoring arithmetic: fp32, or bf16 (faster on CPUs with bf16 instructions; Fisher values move by a few percent, see docs/performance.md)",
        BlockSwap.Foundation.Runtime.Precision.Fp32, "precision", ("float32", BlockSwap.Foundation.Runtime.Precision.Fp32), ("bfloat16", BlockSwap.Foundation.Runtime.Precision.Bf16));

    public void AddTo(Command c)
    {
        c.Options.Add(Arch);
        Limits.AddTo(c);
        foreach (var o in new Option[] { Samples, Pareto, Proxy, Inits, Strategy.Option, Population, Tournament, Batch, Seed, SameBatch, Wrapper.Option, Shard, InChannels, InputSize }) c.Options.Add(o);
        Latency.AddTo(c, withLimit: false);
        foreach (var o in new Option[] { LatencyChecks, Layout, Precision.Option }) c.Options.Add(o);
    }

    /// <summary>Channels and size for generated data and image folders.</summary>
    public ImageRequest ImageShape(ParseResult p) => CliOptions.ImageShape(p, InChannels, InputSize, p.Value(Arch).InputSize);

    /// <summary>The settings, validated; the architecture takes the data's classes, channels and size.</summary>
    public SearchSettings Read(ParseResult p, DataSplits data)
    {
        Given.OnlyWith(p, Strategy.Read(p) == SearchStrategy.Evolution, "with --strategy evolution", Population, Tournament);
        var (shard, shards) = BlockSwap.Methods.Search.Shards.Parse(p.Value(Shard));
        var architecture = p.Value(Arch).Reshaped(data.Classes, data.Channels, data.Size);
        var settings = new SearchSettings
        {
            Architecture = architecture,
            Limits = Limits.Read(p, architecture),
            Latency = Latency.Setup(p),
            PredictLatency = p.GetValue(Pareto),
            LatencyChecks = p.GetValue(LatencyChecks),
            Samples = p.GetValue(Samples),
            Ranking = p.Value(Proxy),
            BatchSize = p.GetValue(Batch),
            Seed = p.GetValue(Seed),
            SameBatch = p.GetValue(SameBatch),
            Inits = p.GetValue(Inits),
            Strategy = Strategy.Read(p),
            Population = p.GetValue(Population),
            Tournament = p.GetValue(Tournament),
            Wrapper = Wrapper.Read(p),
            Layout = p.Value(Layout).Resolve(SearchSettings.DefaultLayout),
            Precision = Precision.Read(p),
            Dataset = data.Name,
            ShardIndex = shard,
            ShardCount = shards,
        };
        settings.Validate();
        return settings;
    }
}
