using System.Text.Json;
using System.Text.Json.Serialization;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Methods.Study;

/// <summary>
/// A network the user adds to a study (<c>--extra LABEL=A,B,...</c>): scored and trained like every candidate, kept out
/// of the correlations and reported beside the sampled ones with its rank and regret, e.g. another search's pick.
/// </summary>
[JsonConverter(typeof(StudyExtraJsonConverter))]
public sealed record StudyExtra(string Label, Genotype Genotype)
{
    /// <summary>Parses <c>LABEL=TYPE,TYPE,...</c> without an architecture (its fit is checked where the study's is known).</summary>
    public static StudyExtra Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new BlockSwapException($"--extra '{text}' is not LABEL=GENOTYPE; write e.g. --extra my-pick=DConvA8,A4B2,Conv,Conv,G2B2,DConv");
        return new StudyExtra(text[..eq].Trim(), Genotype.Parse(text[(eq + 1)..]));
    }

    /// <summary>The text a user types: <c>LABEL=A,B,...</c>.</summary>
    public override string ToString() => $"{Label}={Genotype}";

    /// <summary>Parses <c>LABEL=TYPE,TYPE,...</c> for <paramref name="architecture"/>.</summary>
    public static StudyExtra Parse(string text, Architecture architecture)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new BlockSwapException($"--extra '{text}' is not LABEL=GENOTYPE; write e.g. --extra my-pick=DConvA8,A4B2,Conv,Conv,G2B2,DConv");
        var label = text[..eq].Trim();
        var genotype = Genotype.Parse(text[(eq + 1)..]);
        _ = new NetworkSpec(architecture, genotype).ToPlan(); // refuses a genotype of another length or an invalid type here
        return new StudyExtra(label, genotype);
    }
}

/// <summary>JSON: the text a user types (<c>"my-pick=A,B,..."</c>), as study.json held it before it was typed.</summary>
internal sealed class StudyExtraJsonConverter : JsonConverter<StudyExtra>
{
    public override StudyExtra Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        StudyExtra.Parse(reader.GetString() ?? throw new JsonException("an extra network is LABEL=GENOTYPE"));

    public override void Write(Utf8JsonWriter writer, StudyExtra value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
