using System.Globalization;
using System.Text.Json;
using BlockSwap.Foundation.IO;
using BlockSwap.Methods.Training;

namespace BlockSwap.Methods.Export;

/// <summary>What an exported model records about itself: its network, training length, data and result.</summary>
public static class OnnxMetadata
{
    public static Dictionary<string, string> FromCheckpoint(string checkpointPath, CheckpointHeader header)
    {
        var meta = new Dictionary<string, string>
        {
            ["blockswap.genotype"] = JsonSerializer.Serialize(header.Network, JsonFormats.Indented),
            ["blockswap.epochs"] = header.Epoch.ToString(CultureInfo.InvariantCulture),
            ["blockswap.dataset"] = header.Dataset,
        };
        var result = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, TrainingResult.FileName);
        if (File.Exists(result)) meta["blockswap.result"] = File.ReadAllText(result);
        if (header.Classes is { } classes) meta["blockswap.classes"] = JsonSerializer.Serialize(classes);
        if (header.Normalisation is { } n)
        {
            // Deployment must normalise as training did: x = (pixel / 255 − mean) / std per channel.
            meta["blockswap.mean"] = JsonSerializer.Serialize(n.Mean);
            meta["blockswap.std"] = JsonSerializer.Serialize(n.Std);
        }
        if (header.Metrics.Count > 0) meta["blockswap.test_error"] = header.Metrics[^1].TestError.ToString("F4", CultureInfo.InvariantCulture);
        return meta;
    }
}
