using BlockSwap.Engine.Networks;
using BlockSwap.Foundation.Runtime;

namespace BlockSwap.Methods.Search;

/// <summary>
/// Regularised evolution (Real et al., AAAI 2019) with the zero-cost score as fitness. The first
/// <see cref="Population"/> candidates are the random search's first draws; each later candidate mutates the best of
/// <see cref="Tournament"/> members drawn from the last <see cref="Population"/> scored (the oldest leaves as each
/// child joins): one position takes another type valid there, redrawn until the child meets the limits (after 1,000
/// failed tries, a fresh draw). Candidate i depends only on the seed and the scores of candidates 0..i−1, so a
/// resumed search replays the same choices.
/// </summary>
public sealed class RegularisedEvolution(CandidateSampler sampler, SearchSettings settings, Latency.LatencyTable? latency, IReadOnlyList<Genotype> initial)
{
    private const int MutationTries = 1000;

    public int Population => settings.Population;
    public int Tournament => settings.Tournament;

    /// <summary>The genotype of candidate <paramref name="index"/>, given the results of candidates 0..index−1 in order.</summary>
    public Genotype At(int index, IReadOnlyList<CandidateResult> before)
    {
        if (index < initial.Count) return initial[index];
        if (before.Count != index) throw new ArgumentException($"candidate {index} needs the {index} results before it, not {before.Count}", nameof(before));
        var rng = Seeds.Rng(settings.Seed, "evolution", index);
        var population = before.Skip(index - Population).ToArray();
        var values = settings.Ranking.Values(population.Select(c => c.Proxies).ToArray());
        int parent = -1;
        foreach (var k in Enumerable.Range(0, population.Length).OrderBy(_ => rng.Next()).Take(Tournament))
            if (parent < 0 || values[k] > values[parent] || (values[k] == values[parent] && k < parent)) parent = k;
        return Mutate(population[parent].Genotype, rng) ?? sampler.Sample(settings.Limits, 1, Seeds.Derive(settings.Seed, "evolution-draw", index), settings.Wrapper, latency).Genotypes[0];
    }

    private Genotype? Mutate(Genotype parent, Random rng)
    {
        for (int attempt = 0; attempt < MutationTries; attempt++)
        {
            int position = rng.Next(parent.Count);
            var types = sampler.TypesAt(position);
            var type = types[rng.Next(types.Count)];
            if (type == parent[position]) continue;
            var child = parent.With(position, type);
            if (sampler.Meets(child, settings.Limits, settings.Wrapper, latency)) return child;
        }
        return null;
    }
}
