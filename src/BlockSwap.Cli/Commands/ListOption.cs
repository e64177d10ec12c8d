using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// A repeatable option whose every value is turned into a <typeparamref name="T"/> when the command line is parsed (a bad
/// one is a parse error: one line, exit 2), so the code after it holds typed values, never strings. config.json records
/// them through their JSON converters, as the text a user types.
/// </summary>
internal sealed class ListOption<T> : Option<T[]>
{
    public ListOption(string name, string description, Func<string, T> parse) : base(name)
    {
        Description = description;
        AllowMultipleArgumentsPerToken = false;
        DefaultValueFactory = _ => [];
        CustomParser = r =>
        {
            try
            {
                return r.Tokens.Select(t => parse(t.Value)).ToArray();
            }
            catch (BlockSwapException e)
            {
                r.AddError(e.Message);
                return [];
            }
        };
    }
}
