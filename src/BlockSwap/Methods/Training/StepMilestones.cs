using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlockSwap.Methods.Training;

/// <summary>
/// The epochs at which the step schedule multiplies the rate, e.g. 60,120,160: parsed once, value-equal (a recipe's
/// equality decides whether a run may resume), and written as the text a user types, as checkpoints always held it.
/// </summary>
[JsonConverter(typeof(StepMilestonesJsonConverter))]
public sealed class StepMilestones : IEquatable<StepMilestones>
{
    private readonly int[] epochs;

    private StepMilestones(int[] epochs) => this.epochs = epochs;

    public static StepMilestones Default { get; } = Parse("60,120,160");

    public IReadOnlyList<int> Epochs => epochs;

    /// <summary>Positive epochs separated by commas, in increasing order.</summary>
    public static StepMilestones Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out values[i]) || values[i] < 1 || (i > 0 && values[i] <= values[i - 1]))
                throw new BlockSwapException($"step milestones '{text}' are invalid: give increasing positive epochs separated by commas, e.g. 60,120,160");
        if (values.Length == 0)
            throw new BlockSwapException("step milestones are empty: give at least one epoch, e.g. 60,120,160");
        return new StepMilestones(values);
    }

    public bool Equals(StepMilestones? other) => other is not null && epochs.AsSpan().SequenceEqual(other.epochs);
    public override bool Equals(object? obj) => Equals(obj as StepMilestones);
    public override int GetHashCode() => epochs.Aggregate(17, (h, e) => h * 31 + e);
    public static bool operator ==(StepMilestones? a, StepMilestones? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(StepMilestones? a, StepMilestones? b) => !(a == b);
    public override string ToString() => string.Join(",", epochs);
}

internal sealed class StepMilestonesJsonConverter : JsonConverter<StepMilestones>
{
    public override StepMilestones Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        StepMilestones.Parse(reader.GetString() ?? throw new JsonException("step milestones are a text such as \"60,120,160\""));

    public override void Write(Utf8JsonWriter writer, StepMilestones value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
