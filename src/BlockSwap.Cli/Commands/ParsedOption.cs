using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// An option turned into a <typeparamref name="T"/> when the command line is parsed (a bad value is a parse error:
/// one line, exit 2), so the code after it holds a typed value, never the string. <see cref="Format"/> gives the
/// value back as a user types it, for <c>config.json</c>.
/// </summary>
internal sealed class ParsedOption<T> : Option<T>, IFormattedOption where T : class
{
    private readonly Func<T, string> format;

    public ParsedOption(string name, string description, Func<string, T> parse, Func<T, string> format, Func<T> byDefault) : base(name)
    {
        this.format = format;
        Description = description;
        DefaultValueFactory = _ => byDefault();
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
                return parse(r.Tokens.Single().Value);
            }
            catch (BlockSwapException e)
            {
                r.AddError(e.Message);
                return null;
            }
        };
    }

    public string Format(object value) => format((T)value);
}

/// <summary>An option whose value is written back to files as the text a user types, not as its object.</summary>
internal interface IFormattedOption
{
    string Format(object value);
}

/// <summary>Reading options and arguments that always have a value (a default, or <c>Required</c>) without a null-forgiving <c>!</c>.</summary>
internal static class OptionValues
{
    /// <summary>The option's value; an option without a default nor <c>Required</c> is a bug in its declaration, said loudly.</summary>
    public static T Value<T>(this ParseResult p, Option<T> option) where T : class =>
        p.GetValue(option) ?? throw new InvalidOperationException($"{option.Name} has no value: declare it Required or give it a default");

    /// <summary>An argument's value (one of arity one or more always has one).</summary>
    public static T Value<T>(this ParseResult p, Argument<T> argument) where T : class =>
        p.GetValue(argument) ?? throw new InvalidOperationException($"{argument.Name} has no value: give it an arity of at least one");
}
