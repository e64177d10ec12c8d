using System.Text.Json;

namespace BlockSwap.Foundation.IO;

/// <summary>The settings file of an output folder (search.json, study.json): written atomically, read with a clear error.</summary>
public static class SettingsFile
{
    public static void Save<T>(T settings, string dir, string fileName) =>
        AtomicFile.WriteAllText(Path.Combine(dir, fileName), JsonSerializer.Serialize(settings, JsonFormats.Indented) + "\n");

    /// <param name="kind">What the folder holds, for errors: "search", "study".</param>
    public static T Load<T>(string dir, string fileName, string kind)
    {
        var path = Path.Combine(dir, fileName);
        if (!File.Exists(path))
            throw new BlockSwapException($"{path} is missing; {dir} is not a {kind} output folder");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonFormats.Indented)
                   ?? throw new BlockSwapException($"{path} is empty");
        }
        catch (Exception e) when (e is JsonException or BlockSwapException)
        {
            throw new BlockSwapException($"{path} is malformed or from an earlier version; run the {kind} again into an empty folder");
        }
    }
}
