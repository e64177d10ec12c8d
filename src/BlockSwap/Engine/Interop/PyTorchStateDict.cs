using BlockSwap.Engine.Interop;
using BlockSwap.Foundation.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BlockSwap.Engine.Interop;

/// <summary>
/// PyTorch state_dict files (<c>torch.save(model.state_dict())</c>) through TorchSharp.PyBridge, with the key
/// and shape check done here so a mismatch is reported as missing, unexpected and mis-shaped keys.
/// </summary>
public static class PyTorchStateDict
{
    public static void Save(nn.Module module, string path) => AtomicFile.Write(path, tmp => module.save_py(tmp));

    /// <summary>
    /// Reads every entry of the file's zip archive to its end, so a damaged one fails its CRC-32 here, with the path
    /// (a teacher with a bad checksum was once loaded and used).
    /// </summary>
    public static void VerifyArchive(string path)
    {
        System.IO.Compression.ZipArchive zip;
        try
        {
            zip = System.IO.Compression.ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new BlockSwapException($"{path} is not a PyTorch state_dict (zip format of torch.save): {e.Message.Split('\n')[0]}");
        }
        using (zip)
        {
            try
            {
                var buffer = new byte[1 << 16];
                foreach (var entry in zip.Entries)
                {
                    // .NET does not check a stored entry's CRC-32 while reading: compute it here.
                    var crc = new System.IO.Hashing.Crc32();
                    using (var s = entry.Open())
                        for (int n; (n = s.Read(buffer, 0, buffer.Length)) > 0;)
                            crc.Append(buffer.AsSpan(0, n));
                    if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
                        throw new InvalidDataException($"entry {entry.FullName} fails its CRC-32 check");
                }
            }
            catch (InvalidDataException e)
            {
                throw new BlockSwapException($"{path} is damaged ({e.Message.Split('\n')[0].TrimEnd('.')}); copy or save it again (torch.save(model.state_dict(), path))");
            }
        }
    }

    public static void Load(nn.Module module, string path)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"{path} does not exist; give a PyTorch state_dict file saved with torch.save(model.state_dict(), path)");
        VerifyArchive(path);
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
