namespace BlockSwap.Data.Sources;

/// <summary>
/// An image folder as torchvision's ImageFolder reads it. Channels and size come from the options when given, otherwise
/// from the images themselves (<see cref="ImageFolder.Inspect"/>): a folder of gray 28×28 PNGs trains as 1×28×28.
/// </summary>
public sealed class ImageFolderSource : DataSource
{
    public override string Id => "folder";
    public override IReadOnlyList<string> Aliases => ["imagefolder", "image-folder"];
    public override string Summary => "an image folder (--data DIR with train/<class>/ and val/<class>/, or DIR/<class>/)";

    public override DataSplits Load(DataRequest r)
    {
        if (r.Folder is not { } dir)
            throw new BlockSwapException("an image folder needs --data DIR: DIR/train/<class>/ and DIR/val/<class>/, or DIR/<class>/");
        int channels, size;
        if (r.Channels is { } c && r.Size is { } s) (channels, size) = (c, s);
        else
        {
            var seen = ImageFolder.Inspect(dir);
            channels = r.Channels ?? seen.Channels;
            size = r.Size ?? seen.Size;
            r.Images.Log?.Invoke(seen.Describe(r.Channels is null, r.Size is null));
        }
        return ImageFolder.Load(dir, r.Images with { Channels = channels, Size = size, Seed = r.Seed });
    }

    /// <summary>DIR/train/&lt;class&gt;/ or DIR/&lt;class&gt;/ with images in at least two class folders.</summary>
    public override bool Recognises(string dir)
    {
        var root = Directory.Exists(Path.Combine(dir, "train")) ? Path.Combine(dir, "train") : dir;
        return Directory.GetDirectories(root).Count(d => !Path.GetFileName(d).StartsWith('.') &&
                                                          Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any(ImageDecoder.IsImage)) >= 2;
    }
}
