namespace BlockSwap.Foundation.Runtime;

/// <summary>
/// Derives independent, stable sub-seeds from the one user seed (SplitMix64 mixing), so every random choice
/// (sampling, initialisation, batch order, augmentation) is reproducible and can be recomputed out of order,
/// which is what makes resume and sharding give the same result as one uninterrupted run.
/// </summary>
public static class Seeds
{
    public static long Derive(long seed, string purpose, long a = 0, long b = 0)
    {
        ulong h = Mix((ulong)seed);
        foreach (char c in purpose) h = Mix(h ^ c);
        h = Mix(h ^ (ulong)a);
        h = Mix(h ^ (ulong)b);
        return (long)(h & 0x7FFF_FFFF_FFFF_FFFF);
    }

    /// <summary>A seeded <see cref="Random"/> for one purpose.</summary>
    public static Random Rng(long seed, string purpose, long a = 0, long b = 0) => new((int)(Derive(seed, purpose, a, b) & 0x7FFF_FFFF));

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
