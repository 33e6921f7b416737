using System.Collections.Immutable;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// Binds an <see cref="UntypedValue"/> into a typed shape with the same binder, and so the same messages, that user
/// YAML goes through. Errors carry paths from the resource root (<c>spec.params.quotas[0].maxAmount</c>).
/// </summary>
internal static class UntypedBinder
{
    /// <summary>Binds <paramref name="value"/> (null: the type's defaults) at <paramref name="path"/>; null when any error was found.</summary>
    public static T? Bind<T>(UntypedValue? value, FieldPath path, BindingContext context)
        where T : class, new()
    {
        if (value is null or UntypedScalar { Plain: true, Text: "null" })
        {
            return new T();
        }

        var before = context.Errors.Count;
        var ok = BindingPlans.For(typeof(T)).TryBind(ToNode(value), path, context, out var bound);
        return ok && context.Errors.Count == before ? (T?)bound : null;
    }

    private static YamlNode ToNode(UntypedValue value)
    {
        switch (value)
        {
            case UntypedScalar scalar:
                return new YamlScalar(scalar.Text, scalar.Plain, 0, 0);
            case UntypedList list:
            {
                var items = list.Items.Select(ToNode).ToImmutableArray();
                return new YamlSequence(items, 0, 0, 1 + items.Sum(i => i.Size), 1 + items.Select(i => i.Height).DefaultIfEmpty(0).Max());
            }

            case UntypedMap map:
            {
                var entries = map.Fields.Select(f => new YamlEntry(new YamlScalar(f.Key, false, 0, 0), ToNode(f.Value))).ToImmutableArray();
                return new YamlMapping(entries, [], 0, 0, 1 + entries.Sum(e => e.Value.Size + 1), 1 + entries.Select(e => e.Value.Height).DefaultIfEmpty(0).Max());
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(value), value, "unknown untyped value");
        }
    }
}
