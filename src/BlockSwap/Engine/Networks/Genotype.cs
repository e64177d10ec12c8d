using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Description.Blocks;

namespace BlockSwap.Engine.Networks;

/// <summary>An ordered list of block types, one per substitutable position. JSON: an array of type names.</summary>
[JsonConverter(typeof(GenotypeJsonConverter))]
public sealed class Genotype : IEquatable<Genotype>
{
    public Genotype(IEnumerable<BlockType> blocks) => Blocks = blocks.ToArray();

    public IReadOnlyList<BlockType> Blocks { get; }
    public int Count => Blocks.Count;
    public BlockType this[int i] => Blocks[i];

    /// <summary>The same genotype with <paramref name="type"/> at <paramref name="position"/> (a mutation).</summary>
    public Genotype With(int position, BlockType type) => new(Blocks.Select((b, i) => i == position ? type : b));

    /// <summary>The same type at every position (a Moonshine network).</summary>
    public static Genotype Uniform(BlockType type, int count) => new(Enumerable.Repeat(type, count));

    public static Genotype Uniform(BlockType type, Architecture arch) => Uniform(type, arch.Positions.Count);

    /// <summary>Parses <c>Conv,DConv,...</c> (commas, optional spaces/quotes/brackets).</summary>
    public static Genotype Parse(string list, string source = "block list") =>
        FromNames(list.Trim().Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim().Trim('\'', '"').Trim()).Where(n => n.Length > 0).ToArray(), source);

    /// <summary>The genotype of one type name per position (as a JSON file lists them).</summary>
    public static Genotype FromNames(IReadOnlyList<string> names, string source = "block list")
    {
        if (names.Count == 0)
            throw new BlockSwapException($"{source}: no block types given; list one per position, e.g. Conv,DConv,G8B2");
        var types = new BlockType[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            if (!BlockCatalogue.TryGet(names[i].Trim(), out types[i]))
                throw new BlockSwapException($"{source}: unknown block type '{names[i]}' at position {i}{Spelling.Hint(names[i], BlockCatalogue.All.Select(t => t.Name))}; valid types: {BlockCatalogue.ValidNames}");
        }
        return new Genotype(types);
    }

    public override string ToString() => string.Join(",", Blocks.Select(b => b.Name));

    public bool Equals(Genotype? other) => other is not null && Blocks.SequenceEqual(other.Blocks);
    public override bool Equals(object? obj) => Equals(obj as Genotype);
    public override int GetHashCode() => Blocks.Aggregate(17, (h, b) => h * 31 + b.Name.GetHashCode(StringComparison.Ordinal));
}

internal sealed class GenotypeJsonConverter : JsonConverter<Genotype>
{
    public override Genotype Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Genotype.Parse(string.Join(",", JsonSerializer.Deserialize<string[]>(ref reader, options) ?? []), "blocks");

    public override void Write(Utf8JsonWriter writer, Genotype value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Blocks.Select(b => b.Name).ToArray(), options);
}
