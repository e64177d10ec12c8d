using System.CommandLine;
using BlockSwap.Genotypes;
using BlockSwap.Networks;

namespace BlockSwap.Cli.Commands;

/// <summary>Option factories shared by several commands, so each option is spelled and documented once.</summary>
internal static class CliOptions
{
    public static Option<string> Arch(string defaultValue = "wrn-40-2") => new("--arch")
    {
        Description = "Architecture: wrn-D-K (depth 6n+4, widen factor K), resnet18 or resnet34",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> Classes() => new("--classes") { Description = "Number of classes", DefaultValueFactory = _ => 10 };

    public static Option<int> InChannels() => new("--in-channels") { Description = "Input channels: 3 (RGB) or 1 (gray)", DefaultValueFactory = _ => 3 };

    public static Option<int?> InputSize() => new("--input-size") { Description = "Input height/width in pixels (default 32 for WRN, 224 for ResNet)" };

    public static Option<string> Wrapper() => new("--wrapper")
    {
        Description = "Wrapper policy: per-block (each block its own type's wrapper; exact budget) or group-first (the reference's construction)",
        DefaultValueFactory = _ => "per-block",
    };

    public static Option<string?> GenotypeFile() => new("--genotype") { Description = "Genotype file (.json of this project, or the reference's .csv)" };

    public static Option<string?> Blocks() => new("--blocks") { Description = "Comma-separated block types, one per position (e.g. Conv,DConv,G8B2,...)" };

    public static Option<string?> Uniform() => new("--uniform") { Description = "One block type at every position (a Moonshine network)" };

    public static Option<string> Device() => new("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };

    public static Option<long> Seed() => new("--seed") { Description = "Seed for every random choice", DefaultValueFactory = _ => 1 };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object for machines instead of tables" };

    /// <summary>The architecture/genotype option set of commands that take a network description.</summary>
    public sealed class NetworkOptions
    {
        public Option<string> Arch { get; } = CliOptions.Arch();
        public Option<int> Classes { get; } = CliOptions.Classes();
        public Option<int> InChannels { get; } = CliOptions.InChannels();
        public Option<int?> InputSize { get; } = CliOptions.InputSize();
        public Option<string> Wrapper { get; } = CliOptions.Wrapper();
        public Option<string?> Genotype { get; } = GenotypeFile();
        public Option<string?> Blocks { get; } = CliOptions.Blocks();
        public Option<string?> Uniform { get; } = CliOptions.Uniform();

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Arch, Classes, InChannels, InputSize, Wrapper, Genotype, Blocks, Uniform })
                c.Options.Add(o);
        }

        public Architecture ResolveArchitecture(ParseResult p) =>
            Architecture.Parse(p.GetValue(Arch)!, p.GetValue(Classes), p.GetValue(InChannels), p.GetValue(InputSize));

        /// <summary>The plan named by the options; a JSON genotype file brings its own architecture and policy.</summary>
        public NetworkPlan ResolvePlan(ParseResult p) =>
            GenotypeSource.Resolve(ResolveArchitecture(p), WrapperPolicyNames.Parse(p.GetValue(Wrapper)!),
                p.GetValue(Genotype), p.GetValue(Blocks), p.GetValue(Uniform));
    }
}
