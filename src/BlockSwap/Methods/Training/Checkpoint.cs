using System.Text;
using System.Text.Json;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BlockSwap.Methods.Training;

/// <summary>What a checkpoint records besides tensors.</summary>
public sealed record CheckpointHeader
{
    public const string FormatName = "blockswap-checkpoint/1";
    public string Format { get; init; } = FormatName;
    public required NetworkSpec Network { get; init; }
    public required TrainingOptions Options { get; init; }
    /// <summary>Epochs completed.</summary>
    public int Epoch { get; init; }
    public required string Dataset { get; init; }
    /// <summary>The <see cref="Data.DataSources"/> id of the data (null in checkpoints before release 0.10: read <see cref="Dataset"/>).</summary>
    public string? DataSource { get; init; }
    public string? Teacher { get; init; }
    /// <summary>Content digest of the teacher file (null without a teacher): a changed teacher is a different run.</summary>
    public string? TeacherDigest { get; init; }
    /// <summary>The folder the data set was read from (null for generated or default data).</summary>
    public string? DataFolder { get; init; }
    /// <summary>The identity of the images and labels trained and evaluated on (null in checkpoints of release 0.6 and earlier).</summary>
    public Data.DataFingerprint? Data { get; init; }
    /// <summary>Class names in label order, and the input normalisation the network was trained with.</summary>
    public IReadOnlyList<string>? Classes { get; init; }
    public Data.Normalisation? Normalisation { get; init; }
    /// <summary>
    /// Metrics of every completed epoch. There is no separate random state: every draw (batch order,
    /// augmentation) derives from (seed, epoch, step), so the seed in <see cref="Options"/> and <see cref="Epoch"/>
    /// restore it exactly.
    /// </summary>
    public List<EpochMetrics> Metrics { get; init; } = [];
    /// <summary>Progress inside the epoch after <see cref="Epoch"/> (null at an epoch's end): written on an interruption and every few minutes.</summary>
    public PartialEpoch? Partial { get; init; }
    /// <summary>The ranks of the data-parallel job that trained it (null: one process); a resume must use as many (BN statistics are per rank).</summary>
    public int? Ranks { get; init; }
    /// <summary>Set on a finished run's checkpoint whose weights are an earlier epoch's (--keep best): that epoch.</summary>
    public int? KeptEpoch { get; init; }
}

/// <summary>
/// An epoch stopped after <paramref name="Step"/> steps, with the running sums its metrics need. Every draw of a step
/// derives from (seed, epoch, step), so continuing at that step gives the weights an uninterrupted run has.
/// </summary>
public sealed record PartialEpoch(int Step, double LossSum, double AtSum, long Correct, long Seen, double Seconds);

/// <summary>
/// Our checkpoint file: magic, a JSON header (network, recipe, epoch, metrics), then named tensors (the model's
/// state_dict including BN running statistics, and with an EMA of the weights its state under <c>ema.</c>) as dtype,
/// shape and raw bytes, then the optimiser's state as TorchSharp serialises it (length-prefixed; empty when none).
/// The file ends with the SHA-256 of everything before it, so a damaged checkpoint is refused instead of loaded.
/// Written atomically.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "BSCKPT03"u8.ToArray();
    /// <summary>The same layout without the trailing checksum (written only by development builds of 0.4).</summary>
    private static readonly byte[] UncheckedMagic = "BSCKPT02"u8.ToArray();
    private const int DigestLength = 32;
    private const int MaxHeaderBytes = 64 << 20;
    private static readonly byte[] OlderMagic = "BSCKPT01"u8.ToArray();
    public const string FileName = "checkpoint";

    private const string EmaPrefix = "ema.";

    public static void Save(string path, CheckpointHeader header, BlockSwapNetwork network, OptimizerHelper? optimiser, BlockSwapNetwork? ema = null)
    {
        var tensors = network.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();
        if (ema is not null) tensors.AddRange(ema.state_dict().Select(kv => (EmaPrefix + kv.Key, kv.Value)));
        var optimiserState = optimiser is null ? [] : Optimisers.SaveState(optimiser);
        AtomicFile.Write(path, tmp =>
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var file = File.Create(tmp);
            using (var w = new BinaryWriter(new HashingStream(file, hash), Encoding.UTF8, leaveOpen: true))
                WriteContent(w, header, tensors, optimiserState);
            file.Write(hash.GetHashAndReset());
        });
    }

    private static void WriteContent(BinaryWriter w, CheckpointHeader header, List<(string Key, Tensor Value)> tensors, byte[] optimiserState)
    {
        w.Write(Magic);
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header, JsonFormats.Indented));
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
        w.Write(optimiserState.Length);
        w.Write(optimiserState);
    }

    /// <summary>A checkpoint file, or a training output folder holding one.</summary>
    public static string Locate(string path) =>
        Directory.Exists(path) && File.Exists(Path.Combine(path, FileName)) ? Path.Combine(path, FileName) : path;

    public static CheckpointHeader ReadHeader(string path) => Read(path, null, null);

    /// <summary>Reads a checkpoint; loads weights into <paramref name="network"/> and buffers into <paramref name="optimiser"/> when given.</summary>
    public static CheckpointHeader Read(string path, BlockSwapNetwork? network, OptimizerHelper? optimiser, BlockSwapNetwork? ema = null)
    {
        path = Locate(path);
        if (!File.Exists(path))
            throw new BlockSwapException($"checkpoint {path} does not exist; give DIR/checkpoint of a training run");
        try
        {
            using var r = new BinaryReader(Verified(path));
            var magic = r.ReadBytes(Magic.Length);
            if (magic.AsSpan().SequenceEqual(OlderMagic))
                throw new BlockSwapException($"{path} was written by an earlier version of BlockSwap.NET (checkpoint format 1); retrain, or use model.pt from that run as a PyTorch teacher");
            if (!magic.AsSpan().SequenceEqual(Magic) && !magic.AsSpan().SequenceEqual(UncheckedMagic))
                throw new BlockSwapException($"{path} is not a BlockSwap.NET checkpoint (bad magic); a PyTorch state_dict (.pt) is loaded as a teacher together with its architecture name");
            var header = JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(Bounded(r.ReadInt32(), Math.Min(MaxHeaderBytes, Remaining(r)), "header", path)), JsonFormats.Indented)
                         ?? throw new BlockSwapException($"{path}: empty header");
            if (network is null) return header;
            var state = network.state_dict();
            var emaState = ema?.state_dict();
            int count = Bounded(r.ReadInt32(), 1_000_000, "tensor count", path);
            var seen = new HashSet<string>();
            using var _ = no_grad();
            for (int i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var dtype = (ScalarType)r.ReadInt32();
                var shape = new long[Bounded(r.ReadInt32(), 8, "tensor rank", path)];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                var bytes = r.ReadBytes(Bounded(r.ReadInt32(), (int)Math.Min(int.MaxValue, Remaining(r)), "tensor size", path));
                using var t = empty(shape, dtype);
                t.bytes = bytes;
                if (name.StartsWith(EmaPrefix, StringComparison.Ordinal) && !state.ContainsKey(name))
                {
                    if (emaState is not null && emaState.TryGetValue(name[EmaPrefix.Length..], out var e) && e.shape.SequenceEqual(shape)) e.copy_(t);
                    continue;
                }
                if (!state.TryGetValue(name, out var target) || !target.shape.SequenceEqual(shape))
                    throw new BlockSwapException($"{path}: tensor '{name}' does not fit the network {header.Network}; the checkpoint is damaged or from another version");
                target.copy_(t);
                seen.Add(name);
            }
            var missing = state.Keys.Where(k => !seen.Contains(k)).ToArray();
            if (missing.Length > 0)
                throw new BlockSwapException($"{path}: missing tensors ({string.Join(", ", missing.Take(3))}...); the checkpoint is incomplete");
            var optimiserState = r.ReadBytes(Bounded(r.ReadInt32(), (int)Math.Min(int.MaxValue, Remaining(r)), "optimiser state", path));
            if (optimiser is not null && optimiserState.Length > 0)
                Optimisers.LoadState(optimiser, optimiserState, path);
            return header;
        }
        catch (BlockSwapException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new BlockSwapException($"{path}: {e.Message}");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException or System.Runtime.InteropServices.ExternalException or ArgumentException)
        {
            throw new BlockSwapException($"{path}: truncated or damaged checkpoint ({e.GetType().Name}); resume from an intact one or start again");
        }
    }

    /// <summary>The checkpoint's content, its trailing SHA-256 checked first (format 3); older files as they are.</summary>
    private static Stream Verified(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            return new MemoryStream(bytes, writable: false);
        if (bytes.Length < Magic.Length + DigestLength)
            throw new BlockSwapException($"{path}: truncated checkpoint ({bytes.Length} bytes); resume from an intact one or start again");
        var content = bytes.AsSpan(0, bytes.Length - DigestLength);
        if (!System.Security.Cryptography.SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - DigestLength)))
            throw new BlockSwapException($"{path}: damaged checkpoint (checksum mismatch); resume from an intact copy or start again");
        return new MemoryStream(bytes, 0, bytes.Length - DigestLength, writable: false);
    }

    private static long Remaining(BinaryReader r) => r.BaseStream.Length - r.BaseStream.Position;

    /// <summary>A length read from the file, refused before anything is allocated when it is negative or absurd.</summary>
    private static int Bounded(int value, long max, string what, string path) =>
        value >= 0 && value <= max ? value : throw new BlockSwapException($"{path}: damaged checkpoint ({what} {value} is impossible here); resume from an intact copy or start again");

    /// <summary>Rebuilds the network a checkpoint describes and loads its weights.</summary>
    public static (BlockSwapNetwork Network, CheckpointHeader Header) LoadNetwork(string path, Device device)
    {
        path = Locate(path);
        var header = ReadHeader(path);
        var net = new BlockSwapNetwork(header.Network.ToPlan(), seed: 0, device);
        header.Options.Configure(net.Compute);
        Read(path, net, null);
        return (net, header);
    }
}
