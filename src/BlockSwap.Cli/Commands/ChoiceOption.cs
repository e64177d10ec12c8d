using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// An option whose value is one of an enum's names (<see cref="EnumNames"/>): parsed into the enum when the command
/// line is, so the code after it never sees a string, and listed in --help under the names a user types (not the
/// enum's C# names). Left out, it is <see cref="Default"/>; <c>config.json</c> records it only when it was given.
/// </summary>
internal sealed class ChoiceOption<T> where T : struct, Enum
{
    public ChoiceOption(string name, string description, T byDefault, string what, params (string Alias, T Value)[] aliases)
    {
        Default = byDefault;
        Option = new Option<T?>(name)
        {
            Description = $"{description} (default: {byDefault.Name()})",
            HelpName = string.Join("|", EnumNames.All<T>()),
            CustomParser = r =>
            {
                try
                {
                    // Runs before the arity check: say what System.CommandLine says for any other option given twice.
                    if (r.Tokens.Count != 1)
                    {
                        r.AddError($"Option '{name}' expects a single argument but {r.Tokens.Count} were provided");
                        return null;
                    }
                    return EnumNames.Parse(r.Tokens.Single().Value, what, aliases);
                }
                catch (BlockSwapException e)
                {
                    r.AddError(e.Message); // a parse error: one line and exit 2, as every other bad option
                    return null;
                }
            },
        };
    }

    public Option<T?> Option { get; }
    public T Default { get; }

    public T Read(ParseResult p) => p.GetValue(Option) ?? Default;
}
