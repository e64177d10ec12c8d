using System.Text;
using System.Text.Json;
using BlockSwap.Genotypes;
using BlockSwap.IO;
using BlockSwap.Networks;
using static TorchSharp.torch;

namespace BlockSwap.Training;

/// <summary>What a checkpoint records besides tensors.</summary>
public sealed record CheckpointHeader
{
    public const string FormatName = "blockswap-checkpoint/1";
    public string Format { get; init; } = FormatName;
    public required GenotypeFile Network { get; init; }
    public required TrainingOptions Options { get; init; }
    /// <summary>Epochs completed.</summary>
    public int Epoch { get; init; }
    public required string Dataset { get; init; }
    public string? Teacher { get; init; }
    public List<EpochMetrics> Metrics { get; init; } = [];
    /// <summary>
    /// The random state: every draw (batch order, augmentation) derives from (seed, epoch, step), so the seed in
    /// <see cref="Options"/> and <see cref="Epoch"/> restore it exactly.
    /// </summary>
    public string RandomState => $"derived from seed {Options.Seed} at epoch {Epoch}";
}

/// <summary>
/// Our checkpoint file: magic, a JSON header (network, recipe, epoch, metrics), then named tensors (the model's
/// state_dict including BN running statistics, and the optimiser's momentum buffers) as dtype, shape and raw
/// bytes. Written atomically.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "BSCKPT01"u8.ToArray();
    public const string FileName = "checkpoint";

    public static void Save(string path, CheckpointHeader header, BlockSwapNetwork network, SgdMomentum? optimiser)
    {
        var tensors = new List<(string, Tensor)>(network.state_dict().Select(kv => (kv.Key, kv.Value)));
        if (optimiser is not null)
            for (int i = 0; i < optimiser.Buffers.Length; i++)
                if (optimiser.Buffers[i] is { } b) tensors.Add(($"optimiser.momentum.{i}", b));
        AtomicFile.Write(path, tmp =>
        {
            using var w = new BinaryWriter(File.Create(tmp));
            w.Write(Magic);
            var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, GenotypeFile.Json));
            w.Write(json.Length);
            w.Write(json);
            w.Write(tensors.Count);
            foreach (var (name, t) in tensors)
            {
                using var cpu = t.detach().cpu().contiguous();
                w.Write(name);
                w.Write((int)cpu.dtype);
                w.Write((int)cpu.dim());
                foreach (var d in cpu.shape) w.Write(d);
                var bytes = cpu.bytes;
                w.Write(bytes.Length);
                w.Write(bytes);
            }
        });
    }

    public static CheckpointHeader ReadHeader(string path) => Read(path, null, null);

    /// <summary>Reads a checkpoint; loads weights into <paramref name="network"/> and buffers into <paramref name="optimiser"/> when given.</summary>
    public static CheckpointHeader Read(string path, BlockSwapNetwork? network, SgdMomentum? optimiser)
    {
        if (!File.Exists(path))
            throw new BlockSwapException($"checkpoint {path} does not exist; give DIR/checkpoint of a training run");
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new BlockSwapException($"{path} is not a BlockSwap.NET checkpoint (bad magic); PyTorch .pt files are loaded with --teacher FILE.pt --arch ...");
            var header = JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(r.ReadInt32()), GenotypeFile.Json)
                         ?? throw new BlockSwapException($"{path}: empty header");
            if (network is null) return header;
            var state = network.state_dict();
            int count = r.ReadInt32();
            var seen = new HashSet<string>();
            using var _ = no_grad();
            for (int i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var dtype = (ScalarType)r.ReadInt32();
                var shape = new long[r.ReadInt32()];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                var bytes = r.ReadBytes(r.ReadInt32());
                using var t = empty(shape, dtype);
                t.bytes = bytes;
                if (name.StartsWith("optimiser.momentum.", StringComparison.Ordinal))
                {
                    if (optimiser is null) continue;
                    int idx = int.Parse(name["optimiser.momentum.".Length..]);
                    optimiser.Buffers[idx]?.Dispose();
                    optimiser.Buffers[idx] = t.to(network.Device).DetachFromDisposeScope();
                    continue;
                }
                if (!state.TryGetValue(name, out var target) || !target.shape.SequenceEqual(shape))
                    throw new BlockSwapException($"{path}: tensor '{name}' does not fit the network {header.Network.Architecture}; the checkpoint is damaged or from another version");
                target.copy_(t);
                seen.Add(name);
            }
            var missing = state.Keys.Where(k => !seen.Contains(k)).ToArray();
            if (missing.Length > 0)
                throw new BlockSwapException($"{path}: missing tensors ({string.Join(", ", missing.Take(3))}...); the checkpoint is incomplete");
            return header;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException or System.Runtime.InteropServices.ExternalException or ArgumentException)
        {
            throw new BlockSwapException($"{path}: truncated or damaged checkpoint ({e.GetType().Name}); resume from an intact one or start again");
        }
    }

    /// <summary>Rebuilds the network a checkpoint describes and loads its weights.</summary>
    public static (BlockSwapNetwork Network, CheckpointHeader Header) LoadNetwork(string path, Device device)
    {
        var header = ReadHeader(path);
        var plan = header.Network.ToPlan(path);
        var net = new BlockSwapNetwork(plan, seed: 0, device);
        Read(path, net, null);
        return (net, header);
    }
}
