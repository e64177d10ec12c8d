using System.Globalization;
using System.Text.Json;
using BlockSwap.Description.Blocks;
using BlockSwap.Methods.Export;
using BlockSwap.Foundation.IO;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Latency;

/// <summary>What a latency table is valid for: one architecture at one input shape, one setup, one machine.</summary>
public sealed record LatencyTableKey(string Architecture, int InChannels, int InputSize, int Classes, int Batch, int Threads, string Machine)
{
    public static LatencyTableKey For(Architecture arch, LatencySetup setup, MachineFingerprint machine) =>
        new(arch.Name, arch.InChannels, arch.InputSize, arch.Classes, setup.Batch, setup.Threads, machine.Description);
}

/// <summary>
/// Predicts a network's ONNX Runtime latency without building it (docs/method.md, "Latency limits"): the stem, the head
/// and every block type at every position are timed once as stand-alone models, each net of an Identity model's time on
/// the same input (the runtime's fixed cost per run and its copies), and a network's latency is that fixed cost plus the sum of its pieces. Pieces a
/// table lacks (a wrapper the group-first policy imposes, a type outside the sampled set) are timed when first asked
/// for; <see cref="Changed"/> then says the table should be saved again.
/// </summary>
public sealed class LatencyTable
{
    private readonly Dictionary<string, double> blocks;

    private LatencyTable(Architecture architecture, LatencySetup setup, LatencyTableKey key, double overheadMs, double stemMs, double headMs, Dictionary<string, double> blocks)
    {
        Architecture = architecture;
        Setup = setup;
        Key = key;
        OverheadMs = overheadMs;
        StemMs = stemMs;
        HeadMs = headMs;
        this.blocks = blocks;
    }

    public Architecture Architecture { get; }
    public LatencySetup Setup { get; }
    public LatencyTableKey Key { get; }
    /// <summary>The runtime's fixed cost of one run (ms), counted once per network.</summary>
    public double OverheadMs { get; }
    public double StemMs { get; }
    public double HeadMs { get; }
    /// <summary>Pieces timed since the table was measured or loaded.</summary>
    public bool Changed { get; private set; }
    /// <summary>Whether this table came from the cache rather than fresh measurements.</summary>
    public bool FromCache { get; private init; }
    /// <summary>Timed block pieces (position, type, wrapper).</summary>
    public int BlockCount => blocks.Count;

    private static string Name(BlockPlan b) => $"{b.Position.Index}:{b.Type.Name}:{b.Wrapper.ToString().ToLowerInvariant()}";

    /// <summary>Predicted milliseconds of one block, net of the fixed cost; timed now if the table lacks it.</summary>
    /// <summary>A block type's predicted milliseconds at a position, or null where the type is not valid there.</summary>
    public double? Cell(BlockSwap.Description.Blocks.BlockType type, BlockPosition position)
    {
        var b = new BlockPlan(position, type, type.Wrapper);
        return b.Invalidity() is null ? Block(b) : null;
    }

    public double Block(BlockPlan b)
    {
        if (b.Position != Architecture.Positions[b.Position.Index])
            throw new ArgumentException($"block at {b.Position.Path} is not a position of {Architecture.Name}", nameof(b));
        var name = Name(b);
        if (!blocks.TryGetValue(name, out var ms))
        {
            blocks[name] = ms = TimeBlock(b, Setup);
            Changed = true;
        }
        return ms;
    }

    /// <summary>Predicted median latency (ms) of a network of this architecture.</summary>
    public double Predict(NetworkPlan plan)
    {
        if (!plan.Architecture.Equals(Architecture))
            throw new ArgumentException($"a {plan.Architecture.Name} network cannot be predicted with a {Architecture.Name} table", nameof(plan));
        return OverheadMs + StemMs + HeadMs + plan.Blocks.Sum(Block);
    }

    /// <summary>
    /// Times the stem, the head, the fixed cost and every given type (with its own wrapper) at every position where it
    /// can be built. <paramref name="progress"/> gets (done, total) after each piece.
    /// </summary>
    public static LatencyTable Measure(Architecture arch, LatencySetup setup, MachineFingerprint machine, IReadOnlyList<BlockType> types, Action<int, int>? progress = null)
    {
        setup.Validate();
        var plans = arch.Positions.SelectMany(p => types.Select(t => new BlockPlan(p, t, t.Wrapper))).Where(b => b.Invalidity() is null).ToArray();
        int total = plans.Length + 3, done = 0;
        double overhead = Time(OnnxExporter.BuildPiece([], arch.InChannels, arch.InputSize, setup.Batch), arch.InChannels, arch.InputSize, setup);
        progress?.Invoke(++done, total);
        double stem = Math.Max(0, Time(OnnxExporter.BuildPiece(arch.Stem, arch.InChannels, arch.InputSize, setup.Batch), arch.InChannels, arch.InputSize, setup) - overhead);
        progress?.Invoke(++done, total);
        double head = Math.Max(0, Time(OnnxExporter.BuildPiece(arch.Head, arch.HeadInputChannels, arch.HeadInputSize, setup.Batch), arch.HeadInputChannels, arch.HeadInputSize, setup) - overhead);
        progress?.Invoke(++done, total);
        var blocks = new Dictionary<string, double>();
        foreach (var b in plans)
        {
            blocks[Name(b)] = TimeBlock(b, setup);
            progress?.Invoke(++done, total);
        }
        return new LatencyTable(arch, setup, LatencyTableKey.For(arch, setup, machine), overhead, stem, head, blocks) { Changed = true };
    }

    /// <summary>A block alone, less an Identity model's time on the block's input (the fixed cost and the copies in and out).</summary>
    private static double TimeBlock(BlockPlan b, LatencySetup setup)
    {
        int c = b.In, s = b.Position.InputSize;
        return Math.Max(0, Time(OnnxExporter.BuildPiece([b.Spec with { Name = "block" }], c, s, setup.Batch), c, s, setup)
                           - Time(OnnxExporter.BuildPiece([], c, s, setup.Batch), c, s, setup));
    }

    private static double Time(byte[] model, int channels, int size, LatencySetup setup) =>
        LatencyMeter.OnnxRuntime(model, channels, size, setup.Batch, setup.Threads, setup.Warmup, setup.Runs).MedianMs;

    private sealed record Stored(LatencyTableKey Key, double OverheadMs, double StemMs, double HeadMs, Dictionary<string, double> Blocks, string? Checksum = null)
    {
        /// <summary>XxHash128 of every value in a fixed order (round-trip text), so an edited or damaged table is refused.</summary>
        public string Sum() => Convert.ToHexString(System.IO.Hashing.XxHash128.Hash(System.Text.Encoding.UTF8.GetBytes(string.Join("\n",
            new[] { Key.ToString(), OverheadMs.ToString("R", CultureInfo.InvariantCulture), StemMs.ToString("R", CultureInfo.InvariantCulture), HeadMs.ToString("R", CultureInfo.InvariantCulture) }
                .Concat(Blocks.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.ToString("R", CultureInfo.InvariantCulture)}")))))).ToLowerInvariant();
    }

    public void Save(string path)
    {
        var stored = new Stored(Key, OverheadMs, StemMs, HeadMs, new SortedDictionary<string, double>(blocks, StringComparer.Ordinal).ToDictionary());
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(stored with { Checksum = stored.Sum() }, JsonFormats.Indented));
        Changed = false;
    }

    /// <summary>
    /// The table stored at <paramref name="path"/> when it was measured for this key; null when it was measured for
    /// another key (machine, setup, network). A file that does not parse, fails its checksum or holds a time that
    /// is not a finite non-negative number is a <see cref="DamagedLatencyTableException"/>.
    /// </summary>
    /// <param name="anyMachine">Accept a table measured on another machine (its predictions only annotate a search that
    /// does not limit latency, and a resumed search keeps predicting with the times its first rows used).</param>
    public static LatencyTable? Load(string path, Architecture arch, LatencySetup setup, MachineFingerprint machine, bool anyMachine = false)
    {
        if (!File.Exists(path)) return null;
        Stored? stored;
        try { stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), JsonFormats.Indented); }
        catch (JsonException e) { throw new DamagedLatencyTableException(path, $"it is not valid JSON ({e.Message.Split('.')[0]})"); }
        if (stored?.Key is null || stored.Blocks is null) throw new DamagedLatencyTableException(path, "its key or block times are missing");
        // Every table carries its checksum (a table with the field deleted was once trusted): one without is damaged, and
        // the cache measures it again (tables of release 0.6 and earlier included).
        if (stored.Checksum is null) throw new DamagedLatencyTableException(path, "it has no checksum (edited, or written before release 0.7)");
        if (stored.Checksum != stored.Sum()) throw new DamagedLatencyTableException(path, "its checksum does not match its values (edited or damaged)");
        if (new[] { stored.OverheadMs, stored.StemMs, stored.HeadMs }.Concat(stored.Blocks.Values).Any(v => !double.IsFinite(v) || v < -1e-3))
            throw new DamagedLatencyTableException(path, "it holds a time that is not a finite non-negative number");
        var expected = LatencyTableKey.For(arch, setup, machine);
        if (stored.Key != (anyMachine ? expected with { Machine = stored.Key.Machine } : expected)) return null;
        return new LatencyTable(arch, setup, stored.Key, stored.OverheadMs, stored.StemMs, stored.HeadMs, stored.Blocks) { FromCache = true };
    }
}

/// <summary>A latency table file that cannot be trusted: the cache measures it again, a job's own copy is an error.</summary>
public sealed class DamagedLatencyTableException(string path, string why)
    : BlockSwapException($"{path} is damaged: {why}; delete it to measure the table again (a resumed search then predicts with new times)")
{
    public string Path { get; } = path;
}
