using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace BlockSwap.Foundation.IO;

/// <summary>
/// Writes a property's own properties in place of it, flat in the containing object, and reads them back into it
/// (<see cref="JsonFormats"/> applies it): a record can hold a typed group of settings while its file keeps the flat
/// keys that scripts already read (search.json's "budget").
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class JsonFlattenAttribute : Attribute
{
    /// <summary>The type-info modifier: replaces each flattened property by its inner properties, at its place.</summary>
    internal static void Apply(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var flattened = info.Properties.Where(p => p.AttributeProvider is PropertyInfo o && o.GetCustomAttribute<JsonFlattenAttribute>() is not null).ToArray();
        foreach (var property in flattened)
        {
            var outer = (PropertyInfo)property.AttributeProvider!;
            int i = info.Properties.IndexOf(property);
            info.Properties.RemoveAt(i);
            var innerType = Nullable.GetUnderlyingType(outer.PropertyType) ?? outer.PropertyType;
            var inner = info.Options.GetTypeInfo(innerType);
            int at = i;
            foreach (var p in inner.Properties.Where(p => p.Get is not null && p.Set is not null))
            {
                // A [JsonIgnore] member of the same name (StudySettings.Budget, derived from the limits) gives way.
                int ignored = info.Properties.ToList().FindIndex(q => q.Name == p.Name
                    && q.AttributeProvider is MemberInfo m && m.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null);
                if (ignored >= 0)
                {
                    info.Properties.RemoveAt(ignored);
                    if (ignored < at) at--;
                }
                var (get, set) = (p.Get!, p.Set!);
                var flat = info.CreateJsonPropertyInfo(p.PropertyType, p.Name);
                // An absent group (a hand-written genotype's limits) writes none of its keys; the getter still returns a
                // value of the key's type (a null double once threw inside System.Text.Json).
                object? none = p.PropertyType.IsValueType && Nullable.GetUnderlyingType(p.PropertyType) is null ? Activator.CreateInstance(p.PropertyType) : null;
                flat.Get = o => outer.GetValue(o) is { } group ? get(group) : none;
                // A predicate of its own replaces the options' ignore condition, so it applies that too.
                var written = p.ShouldSerialize;
                bool skipNull = info.Options.DefaultIgnoreCondition == System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
                flat.ShouldSerialize = (o, value) => outer.GetValue(o) is { } group && !(skipNull && value is null) && (written is null || written(group, value));
                // Reading: a copy of the group (never the instance another object may share) with this key set.
                flat.Set = (o, value) =>
                {
                    var group = outer.GetValue(o) is { } current ? Copy(current) : inner.CreateObject?.Invoke() ?? Activator.CreateInstance(innerType)!;
                    set(group, value);
                    outer.SetValue(o, group);
                };
                info.Properties.Insert(at++, flat);
            }
        }
    }

    private static readonly MethodInfo Clone = typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static object Copy(object group) => Clone.Invoke(group, null)!;
}
