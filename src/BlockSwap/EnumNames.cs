using System.Reflection;
using System.Text.Json.Serialization;

namespace BlockSwap;

/// <summary>
/// The names of this project's enums in files and on the command line: each member's
/// <see cref="JsonStringEnumMemberNameAttribute"/>, so a settings file and an option spell a value the same way and
/// one table serves every enum (parsing, printing, the error that lists the valid names).
/// </summary>
public static class EnumNames
{
    /// <summary>The value's name, e.g. <c>per-block</c> for <c>WrapperPolicy.PerBlock</c>.</summary>
    public static string Name<T>(this T value) where T : struct, Enum => Table<T>.Names[value];

    /// <summary>Every name of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Table<T>.Ordered;

    /// <summary>
    /// The value named <paramref name="text"/> (case and surrounding spaces ignored), or one of
    /// <paramref name="aliases"/>; otherwise an error naming <paramref name="what"/> and the valid names.
    /// </summary>
    public static T Parse<T>(string text, string what, params (string Alias, T Value)[] aliases) where T : struct, Enum
    {
        var key = text.Trim().ToLowerInvariant();
        foreach (var (name, value) in Table<T>.Names.Select(kv => (kv.Value, kv.Key)).Concat(aliases))
            if (name == key) return value;
        throw new BlockSwapException($"unknown {what} '{text}'{Spelling.Hint(text, Table<T>.Ordered)}; use {Plural.List(Table<T>.Ordered)}");
    }

    private static class Table<T> where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v =>
            typeof(T).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{v} has no [JsonStringEnumMemberName]"));

        public static readonly string[] Ordered = Enum.GetValues<T>().Select(v => Names[v]).ToArray();
    }
}
