using BlockSwap.Networks;

namespace BlockSwap.Study;

/// <summary>
/// A network the user adds to a study (<c>--extra LABEL=A,B,...</c>): scored and trained like every candidate, kept out
/// of the correlations and reported beside the sampled ones with its rank and regret, e.g. another search's pick.
/// </summary>
public sealed record StudyExtra(string Label, Genotype Genotype)
{
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
