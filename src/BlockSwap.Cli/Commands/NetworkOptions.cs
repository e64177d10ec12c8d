using System.CommandLine;
using BlockSwap.Data;
using BlockSwap.Engine.Genotypes;
using BlockSwap.Engine.Networks;

namespace BlockSwap.Cli.Commands;

/// <summary>The architecture/genotype option set of commands that take a network description.</summary>
internal sealed class NetworkOptions
{
    public ParsedOption<Architecture> Arch { get; } = CliOptions.Arch();
    public Option<int> Classes { get; } = new("--classes") { Description = "Number of classes (taken from the data where a command reads data)", DefaultValueFactory = _ => Architecture.DefaultClasses };
    public Option<int> InChannels { get; } = CliOptions.InChannels();
    public Option<int?> InputSize { get; } = new("--input-size") { Description = "Input height/width in pixels (default 32 for WRN, 224 for ResNet; taken from the data where a command reads data)" };
    public ChoiceOption<WrapperPolicy> Wrapper { get; } = CliOptions.Wrapper();
    public Option<string?> Genotype { get; } = new("--genotype") { Description = "Genotype file (.json of this project, or the reference's .csv)" };
    public Option<string?> Blocks { get; } = new("--blocks") { Description = "Comma-separated block types, one per position (e.g. Conv,DConv,G8B2,...)" };
    public Option<string?> Uniform { get; } = new("--uniform") { Description = "One block type at every position (a Moonshine network)" };

    public void AddTo(Command c)
    {
        foreach (var o in new Option[] { Arch, Classes, InChannels, InputSize, Wrapper.Option, Genotype, Blocks, Uniform })
            c.Options.Add(o);
    }

    /// <summary>Refuses shape options given on the command line that disagree with the data the command reads.</summary>
    public void CheckAgainst(ParseResult p, DataSplits data) => DataShape.CheckGiven(data, p.Was(Classes) ? p.GetValue(Classes) : null,
        p.Was(InChannels) ? p.GetValue(InChannels) : null, p.Was(InputSize) ? p.GetValue(InputSize) : null);

    public NetworkChoice Choice(ParseResult p) =>
        new(p.Value(Arch), Wrapper.Read(p), p.GetResult(Genotype) is { Implicit: false } ? GenotypeSource.Resolve(p.GetValue(Genotype) ?? "") : null,
            p.GetValue(Blocks), p.GetValue(Uniform)) { ArchitectureGiven = p.GetResult(Arch) is { Implicit: false } };

    /// <summary>The input shape the options name (for commands without data).</summary>
    public InputShape Shape(ParseResult p) => new(p.GetValue(InChannels), p.GetValue(InputSize), p.GetValue(Classes));

    /// <summary>Channels and side of the images for this network: a JSON genotype's own, else what the options name (unnamed: an image folder's own, or the defaults).</summary>
    public ImageRequest SyntheticShape(ParseResult p) => Choice(p).FileShape ?? CliOptions.ImageShape(p, InChannels, InputSize, p.Value(Arch).InputSize);
}
