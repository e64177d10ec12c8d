using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlockSwap.Foundation.IO;
using YamlDotNet.RepresentationModel;

namespace BlockSwap.Cli.Commands;

/// <summary>
/// <c>--config FILE</c> (JSON or YAML): a flat map of option names (with or without the leading dashes) to values,
/// expanded into command-line tokens before parsing; an option given on the command line wins over the file.
/// Every command that writes an output folder records its effective options there as <c>config.json</c>, which
/// <c>--config</c> reads back to rerun it exactly.
/// </summary>
internal static class ConfigFile
{
    public const string OptionName = "--config";
    public const string FileName = "config.json";

    public static Option<string?> Option() => new(OptionName) { Description = "Read options from a JSON or YAML file (keys are option names); options on the command line win" };

    /// <summary>The arguments with the file's options added (those the command line does not give).</summary>
    public static string[] Expand(RootCommand root, string[] args)
    {
        // --config=FILE is the same as --config FILE (it was once silently ignored).
        args = args.SelectMany(a => a.StartsWith(OptionName + "=", StringComparison.Ordinal) ? [OptionName, a[(OptionName.Length + 1)..]] : new[] { a }).ToArray();
        int at = Array.IndexOf(args, OptionName);
        if (at < 0) return args;
        if (at + 1 >= args.Length) throw new BlockSwapException($"{OptionName} needs a file: {OptionName} run.yaml");
        if (Array.IndexOf(args, OptionName, at + 1) >= 0)
            throw new BlockSwapException($"{OptionName} is given twice; give one config file (options on the command line win over it)");
        var path = args[at + 1];
        var result = args.Take(at).Concat(args.Skip(at + 2)).ToList();
        // An option counts as given on the command line under any of its aliases (-o for --out).
        var command = root.Parse(result).CommandResult.Command;
        var tokens = result.Where(a => a.StartsWith('-')).Select(a => a.Split('=', 2)[0]).ToHashSet();
        var given = command.Options.Where(o => o.Aliases.Append(o.Name).Any(tokens.Contains)).Select(o => o.Name).ToHashSet();
        foreach (var (key, values) in Read(path))
        {
            var name = key.StartsWith('-') ? key : "--" + key;
            if (name == OptionName)
                throw new BlockSwapException($"{path} names another config file ('{key}'); a config file holds options, not another config: merge the two files");
            if (given.Contains(name) || tokens.Contains(name)) continue;
            foreach (var v in values)
            {
                if (v == "false") continue;
                result.Add(name);
                if (v != "true") result.Add(v);
            }
        }
        return result.ToArray();
    }

    private static List<(string Key, List<string> Values)> Read(string path)
    {
        if (!File.Exists(path)) throw new BlockSwapException($"config file {path} does not exist; give a JSON or YAML file of option names and values");
        var text = File.ReadAllText(path);
        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('{'))
            {
                var obj = JsonNode.Parse(text)?.AsObject() ?? throw new BlockSwapException($"{path}: empty config");
                return obj.Select(kv => (kv.Key, kv.Value is JsonArray a ? a.Select(Scalar).ToList() : [Scalar(kv.Value)])).ToList();
            }
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode map)
                throw new BlockSwapException($"{path}: a config is a map of option names to values (e.g. 'epochs: 10')");
            return map.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "",
                kv.Value is YamlSequenceNode seq ? seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList() : [((YamlScalarNode)kv.Value).Value ?? ""])).ToList();
        }
        catch (ArgumentException e)
        {
            // System.Text.Json and YamlDotNet report a repeated key as a dictionary insert.
            throw new BlockSwapException($"{path}: an option is given twice ({e.Message.Split('\n')[0]}); give each option once");
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException or InvalidCastException or InvalidOperationException)
        {
            throw new BlockSwapException($"{path}: not a flat JSON or YAML map of option names to values ({e.Message.Split('\n')[0]})");
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString().Trim('"'),
        _ => throw new InvalidOperationException($"'{node.ToJsonString()}' is not a single value"),
    };

    private static readonly HashSet<string> DerivedWhenUnset = ["--arch", "--in-channels", "--input-size", "--classes"];

    /// <summary>Options that name files or folders: recorded as absolute paths, so a config read back from elsewhere points at the same places.</summary>
    private static readonly HashSet<string> Paths = ["--out", "--data", "--teacher", "--genotype", "--init-from", "--checkpoint", "--onnx", "--csv", "--pytorch"];

    /// <summary>
    /// Writes the command's effective options (given, from a file, or defaults) to DIR/config.json once the job owns
    /// DIR and has passed its checks: a job that fails them, or is refused by another job's lock, writes nothing there.
    /// </summary>
    public static void WriteEffective(ParseResult parse, string dir)
    {
        if (!Job.World.IsRoot) return; // one copy per job, from rank 0
        var skip = new HashSet<string> { OptionName, "--json", "--resume", "--help", "--version" };
        var values = new JsonObject();
        foreach (var option in parse.CommandResult.Command.Options.Where(o => !skip.Contains(o.Name)))
        {
            // The network's shape is taken from the data or the genotype where the command reads them: an unset
            // default here (wrn-40-2, 3 channels) would contradict them when the file is read back.
            if (DerivedWhenUnset.Contains(option.Name) && parse.GetResult(option) is null or { Implicit: true }) continue;
            if (parse.Unused(option)) continue;
            var method = typeof(ParseResult).GetMethods().First(m => m.Name == nameof(ParseResult.GetValue) && m.IsGenericMethod
                && m.GetParameters()[0].ParameterType.IsGenericType && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(Option<>));
            var value = method.MakeGenericMethod(option.ValueType).Invoke(parse, [option]);
            if (value is null) continue;
            if (Paths.Contains(option.Name) && value is string path) value = Path.GetFullPath(path);
            values[option.Name.TrimStart('-')] = option is IFormattedOption typed
                ? JsonValue.Create(typed.Format(value))
                : JsonSerializer.SerializeToNode(value, option.ValueType, JsonFormats.Indented);
        }
        var text = values.ToJsonString(JsonFormats.Indented) + "\n";
        OutputLock.WhenStarted(dir, () => AtomicFile.WriteAllText(Path.Combine(dir, FileName), text));
    }
}
