using System.CommandLine;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// An empty value is an error for every option that takes text (a path, a list, a name): <c>--genotype ''</c> once
/// trained the default network, and <c>--onnx ''</c> crashed. Added to every command of the tree at start-up.
/// </summary>
internal static class EmptyValues
{
    public static void Apply(Command command)
    {
        // Typed lists and choices (--baselines, --milestones) read text too: '' once meant "none" there by accident.
        foreach (var option in command.Options.Where(o => TakesText(o.ValueType)))
            option.Validators.Add(r =>
            {
                if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                    r.AddError($"{option.Name} is empty; give a value");
            });
        foreach (var argument in command.Arguments.Where(a => a.ValueType == typeof(string) || a.ValueType == typeof(string[])))
            argument.Validators.Add(r =>
            {
                if (r.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                    r.AddError($"an empty {argument.Name} was given; give a value");
            });
        foreach (var sub in command.Subcommands) Apply(sub);
    }

    private static bool TakesText(Type type) => !(Nullable.GetUnderlyingType(type) ?? type).IsPrimitive;
}
