using BlockSwap.Interop;
using BlockSwap.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BlockSwap.Interop;

/// <summary>
/// PyTorch state_dict files (<c>torch.save(model.state_dict())</c>) through TorchSharp.PyBridge, with the key
/// and shape check done here so a mismatch is reported as missing, unexpected and mis-shaped keys.
/// </summary>
public static class PyTorchStateDict
{
    public static void Save(nn.Module module, string path) => AtomicFile.Write(path, tmp => module.save_py(tmp));

    public static void Load(nn.Module module, string path)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"{path} does not exist; give a PyTorch state_dict file saved with torch.save(model.state_dict(), path)");
        Dictionary<string, Tensor> loaded;
        try
        {
            using var stream = File.OpenRead(path);
            var table = PyTorchUnpickler.UnpickleStateDict(stream);
            loaded = table.Keys.Cast<string>().ToDictionary(k => k, k => (Tensor)table[k]!);
        }
        catch (Exception e) when (e is not BlockSwapException)
        {
            throw new BlockSwapException($"{path} is not a PyTorch state_dict (zip format of torch.save): {e.Message.Split('\n')[0]}");
        }
        var expected = module.state_dict();
        var missing = expected.Keys.Where(k => !loaded.ContainsKey(k)).ToArray();
        var unexpected = loaded.Keys.Where(k => !expected.ContainsKey(k)).ToArray();
        var misShaped = expected.Keys.Where(loaded.ContainsKey)
            .Where(k => !expected[k].shape.SequenceEqual(loaded[k].shape))
            .Select(k => $"{k} ({string.Join("×", loaded[k].shape)} in the file, {string.Join("×", expected[k].shape)} expected)").ToArray();
        if (missing.Length + unexpected.Length + misShaped.Length > 0)
        {
            static string List(string what, string[] keys) => keys.Length == 0 ? "" : $" {what} ({keys.Length}): {string.Join(", ", keys.Take(5))}{(keys.Length > 5 ? ", ..." : "")};";
            throw new BlockSwapException($"{path} does not match the network:{List("missing keys", missing)}{List("unexpected keys", unexpected)}{List("mis-shaped keys", misShaped)} check the architecture, the number of classes and the genotype");
        }
        using var _ = no_grad();
        foreach (var (k, t) in loaded)
            expected[k].copy_(t);
        foreach (var t in loaded.Values) t.Dispose();
    }
}
