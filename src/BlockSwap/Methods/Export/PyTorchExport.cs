using System.Text.Json;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Export;

/// <summary>
/// A trained network as a folder a PyTorch user takes away: <c>model.pt</c> (the state_dict), <c>network.json</c>
/// (the network, class names and input normalisation) and <c>blockswap_torch.py</c> (the one-file module that rebuilds
/// the network and loads the weights with strict=True; the tool carries it as a resource).
/// </summary>
public static class PyTorchExport
{
    public const string ModuleFile = "blockswap_torch.py";
    public const string DescriptionFile = "network.json";
    public const string WeightsFile = "model.pt";
    public static readonly string[] Files = [WeightsFile, DescriptionFile, ModuleFile];

    /// <summary>What network.json holds: result.json's shape, so the module reads both alike.</summary>
    public sealed record Description(NetworkSpec Network, IReadOnlyList<string>? Classes, Data.Normalisation? Normalisation)
    {
        public string Note { get; init; } = "load with: import blockswap_torch as bs; model, info = bs.load(\"THIS_FOLDER\")";
    }

    /// <summary>The module's source, as shipped with this build.</summary>
    public static string ModuleSource()
    {
        using var stream = typeof(PyTorchExport).Assembly.GetManifestResourceStream(ModuleFile)
                           ?? throw new InvalidOperationException($"{ModuleFile} is not embedded in this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes the folder. It must be new, empty, or an earlier export (only these three files): this writes no file it
    /// did not make (the one-writer rule).
    /// </summary>
    public static void Write(BlockSwapNetwork network, IReadOnlyList<string>? classes, Data.Normalisation? normalisation, string dir)
    {
        if (File.Exists(dir))
            throw new BlockSwapException($"--pytorch {dir} is a file; give a new or empty folder for the exported model");
        if (Directory.Exists(dir))
        {
            var foreign = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Where(f => !Files.Contains(f)).ToArray();
            if (foreign.Length > 0)
                throw new BlockSwapException($"--pytorch {dir} holds other files ({string.Join(", ", foreign.Take(3))}{(foreign.Length > 3 ? ", ..." : "")}); give a new or empty folder");
        }
        Directory.CreateDirectory(dir);
        BlockSwap.Engine.Interop.PyTorchStateDict.Save(network, Path.Combine(dir, WeightsFile));
        AtomicFile.WriteAllText(Path.Combine(dir, DescriptionFile),
            JsonSerializer.Serialize(new Description(network.Plan.Spec, classes, normalisation), JsonFormats.Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(dir, ModuleFile), ModuleSource());
    }
}
