using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Binding;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>
/// Top-level fields a kind has beside <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> and <c>spec</c>: the settable
/// properties its CLR type declares itself (Dapr's <c>scopes</c> and <c>auth</c>), by their camelCase YAML names.
/// </summary>
internal static class KindExtraFields
{
    private static readonly ConcurrentDictionary<Type, FrozenDictionary<string, ObjectField>> Cache = new();

    public static FrozenDictionary<string, ObjectField> Of(ResourceKindInfo kind) => Cache.GetOrAdd(kind.ClrType, static (_, kind) => Build(kind), kind);

    // Reads the annotated ResourceKindInfo.ClrType (not the cache's key), so the trimmer keeps the properties.
    private static FrozenDictionary<string, ObjectField> Build(ResourceKindInfo kind) =>
        kind.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => new ObjectField(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p, BindingPlans.For(p.PropertyType)))
            .ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Sets the bound extra fields on a freshly created resource (init-only setters, before anyone sees it).</summary>
    public static ConfigResource Apply(ConfigResource resource, IReadOnlyList<(ObjectField Field, object? Value)> values)
    {
        foreach (var (field, value) in values)
        {
            field.Property.SetValue(resource, value);
        }

        return resource;
    }
}
