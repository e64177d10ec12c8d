namespace BlockSwap.Data;

/// <summary>
/// Loading data as a job does: decoding progress by quarters and every caution about what was loaded (generated
/// patterns, skipped images, a bundled fallback) told through two callbacks, and an optional seeded training subset.
/// </summary>
public static class ReportedLoad
{
    /// <param name="trainImages">At most this many training images (a seeded subset); null: all.</param>
    /// <param name="note">Progress and facts (a console prints them as "data: ...").</param>
    /// <param name="warn">What may make results mean less than they seem.</param>
    public static DataSplits Load(string dataset, string? folder, long seed, ImageRequest shape, ImageFolderOptions? images, int? trainImages,
        Action<string> note, Action<string> warn)
    {
        int lastQuarter = -1;
        images = (images ?? new ImageFolderOptions()) with
        {
            Log = note,
            Progress = (split, done, total) =>
            {
                int quarter = 4 * done / total;
                if (quarter == lastQuarter) return;
                lastQuarter = quarter;
                note($"decoding {split}: {done:N0}/{total:N0}");
            },
        };
        var splits = DataSets.Load(dataset, folder, seed, shape, folder: images);
        if (splits.IsSynthetic) warn("data: SYNTHETIC (generated patterns, not a real data set)");
        if (splits.SkippedImages > 0) warn($"data: {Plural.Of(splits.SkippedImages, "unreadable image")} skipped (--skip-bad-images)");
        if (DataSets.FallbackNotice(splits.Name) is { } notice) warn(notice);
        if (trainImages is not { } n) return splits;
        using (splits) return splits.WithTrainingImages(n, seed);
    }
}
