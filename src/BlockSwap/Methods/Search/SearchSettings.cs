using BlockSwap.Foundation.Runtime;
using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Latency;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;

namespace BlockSwap.Methods.Search;

/// <summary>
/// Everything that determines a search's candidates and scores. Saved as <c>search.json</c> in the output
/// folder, so resuming and merging can refuse to mix results of different searches. The defaults are the paper's.
/// </summary>
public sealed record SearchSettings
{
    public const double DefaultWindow = SearchLimits.DefaultWindow;
    public const int DefaultSamples = 1000;
    /// <summary>The most candidates one search draws (its list of genotypes is held in memory; 2³¹ once ran out of it).</summary>
    public const int MaxSamples = 10_000_000;
    public const int DefaultBatchSize = 128;

    /// <summary>The skeleton whose positions are filled (with the data's classes, channels and size).</summary>
    public required Architecture Architecture { get; init; }
    /// <summary>What candidates must meet: the parameter budget and window, MACs, predicted latency (measured as <see cref="Latency"/> says).</summary>
    [BlockSwap.Foundation.IO.JsonFlatten] // written flat (budget, window, maxMacs, maxLatencyMs), as every release wrote it
    public SearchLimits Limits { get; init; } = new();
    public LatencySetup Latency { get; init; } = new();
    /// <summary>Predict every candidate's latency even without a latency limit (for the Pareto front).</summary>
    public bool PredictLatency { get; init; }
    /// <summary>With latency in use, how many candidates (the first of each shard) are also timed whole, checking the prediction.</summary>
    public int LatencyChecks { get; init; } = DefaultLatencyChecks;
    public const int DefaultLatencyChecks = 10;
    public int Samples { get; init; } = DefaultSamples;
    /// <summary>How candidates are ranked: a proxy of <see cref="ProxyRegistry"/>, <c>all</c>, or an ensemble (written as its name).</summary>
    [JsonPropertyName("proxy")]
    public ProxyRanking Ranking { get; init; } = ProxyRanking.Default;
    public int BatchSize { get; init; } = DefaultBatchSize;
    public long Seed { get; init; } = 1;
    public bool SameBatch { get; init; }
    /// <summary>Initialisations (each with its own minibatch) every candidate is scored at; the scores are combined (<see cref="CandidateScorer.Combine"/>).</summary>
    public int Inits { get; init; } = 1;
    public WrapperPolicy Wrapper { get; init; } = WrapperPolicy.PerBlock;
    /// <summary>Independent draws (the paper's) or regularised evolution guided by the proxy.</summary>
    public SearchStrategy Strategy { get; init; } = SearchStrategy.Random;
    /// <summary>Evolution: the population (the first this many candidates are random draws) and the tournament size.</summary>
    public int Population { get; init; } = DefaultPopulation;
    public int Tournament { get; init; } = DefaultTournament;
    public const int DefaultPopulation = 20;
    public const int DefaultTournament = 5;
    /// <summary>
    /// Memory layout of the scoring batches. Channels-last (with float64 batch-norm sums) is faster and its Fisher
    /// values are as close to exact as NCHW's, the reference's layout (docs/performance.md).
    /// </summary>
    public BlockSwap.Foundation.Runtime.MemoryLayout Layout { get; init; } = DefaultLayout;
    public const BlockSwap.Foundation.Runtime.MemoryLayout DefaultLayout = BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast;
    /// <summary>Scoring arithmetic: fp32 (default) or the opt-in bf16 (Fisher only).</summary>
    public Precision Precision { get; init; } = Precision.Fp32;
    public required string Dataset { get; init; }
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;

    /// <summary>The same search, ignoring which shard ran it.</summary>
    public bool SameSearchAs(SearchSettings o) => (this with { ShardIndex = 0, ShardCount = 1 }).SameAs(o with { ShardIndex = 0, ShardCount = 1 });

    /// <summary>Equal settings, data included where both record it (searches of release 0.6 and earlier do not).</summary>
    public bool SameAs(SearchSettings o) =>
        this with { Data = null } == o with { Data = null } && (Data is null || o.Data is null || Data.SameData(o.Data));

    /// <summary>The images and labels the candidates are scored on (set by the runner from the data it is given).</summary>
    public Data.DataFingerprint? Data { get; init; }

    /// <summary>Candidate indices [start, end) of this shard: contiguous, disjoint slices of the seeded list.</summary>
    [JsonIgnore]
    public (int Start, int End) ShardRange => (Samples * ShardIndex / ShardCount, Samples * (ShardIndex + 1) / ShardCount);

    /// <summary>The proxies this search computes; the first ranks.</summary>
    [JsonIgnore]
    public IReadOnlyList<IProxy> Proxies => Ranking.Proxies;

    /// <summary>Whether candidates get a predicted latency (a latency limit, or asked for).</summary>
    [JsonIgnore]
    public bool UsesLatency => Limits.MaxLatencyMs is not null || PredictLatency;

    public void Validate()
    {
        if (Inits is < 1 or > 100) throw new BlockSwapException($"--inits {Inits} is invalid: score each candidate at 1 to 100 initialisations");
        Limits.Checked();
        if (LatencyChecks < 0) throw new BlockSwapException($"{LatencyChecks} latency checks is invalid: use 0 or more");
        Latency.Validate();
        if (Precision == Precision.Bf16 && (Ranking.IsEnsemble || Proxies.Count != 1 || Proxies[0].Name != FisherPotential.ProxyName))
            throw new BlockSwapException("--precision bf16 is for the fisher proxy alone; score other proxies in fp32");
        if (Samples < 1) throw new BlockSwapException($"{Samples} samples is invalid: ask for at least 1 candidate");
        if (Samples > MaxSamples)
            throw new BlockSwapException($"{Samples:N0} samples is more than one search takes ({MaxSamples:N0}); split a larger search into shards (--shard I/N, then merge)");
        if (Strategy == SearchStrategy.Evolution)
        {
            if (Population < 2) throw new BlockSwapException($"--population {Population} is invalid: evolve a population of at least 2");
            if (Tournament < 1 || Tournament > Population) throw new BlockSwapException($"--tournament {Tournament} is invalid: use 1 to the population ({Population})");
            if (Ranking.IsEnsemble) throw new BlockSwapException("--strategy evolution needs one ranking proxy (an ensemble's ranks depend on every candidate); choose --proxy fisher or another");
            if (ShardCount != 1) throw new BlockSwapException("--strategy evolution runs in one process (each candidate depends on the scores before it); drop --shard");
        }
        if (BatchSize < 1) throw new BlockSwapException($"batch size {BatchSize} is invalid: use a positive number");
        if (ShardCount < 1 || ShardIndex < 0 || ShardIndex >= ShardCount)
            throw new BlockSwapException($"shard {ShardIndex}/{ShardCount} is invalid: use I/N with 0 <= I < N");
        _ = Proxies;
    }

    public const string FileName = "search.json";

    public void Save(string dir) => SettingsFile.Save(this, dir, FileName);

    public static SearchSettings Load(string dir) => SettingsFile.Load<SearchSettings>(dir, FileName, "search");
}
