using BlockSwap.Data;

namespace BlockSwap.Outputs.Inference;

/// <summary>The images a prediction is asked for: files as given, and every image under folders (subfolders included).</summary>
public static class ImageFiles
{
    /// <summary>The files given and every image under the folders given, in code-point order per folder.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var given = paths.ToArray();
        var files = new List<string>();
        foreach (var path in given)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(ImageDecoder.IsImage).Order(StringComparer.Ordinal));
            else if (File.Exists(path)) files.Add(path);
            else throw new BlockSwapException($"{path} does not exist; give image files or folders of images");
        }
        return files.Count > 0 ? files : throw new BlockSwapException($"no images ({string.Join(", ", ImageDecoder.Extensions)}) in {string.Join(", ", given)}");
    }
}
