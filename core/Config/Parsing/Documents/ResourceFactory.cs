using System.Collections.Concurrent;
using System.Reflection;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>Creates the <see cref="ConfigResource"/> subclass of a kind from its bound parts.</summary>
internal static class ResourceFactory
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo> SpecProperties = new();

    public static ConfigResource Create(ResourceKindInfo kind, string apiVersion, ResourceMetadata metadata, object? spec)
    {
        var resource = (ConfigResource)Activator.CreateInstance(kind.ClrType)!;
        if (spec is not null)
        {
            SpecProperties.GetOrAdd(kind.ClrType, static (_, kind) => SpecProperty(kind), kind).SetValue(resource, spec);
        }

        return resource with { ApiVersion = apiVersion, Metadata = metadata };
    }

    // Reads the annotated ResourceKindInfo.ClrType (not the cache's key), so the trimmer keeps the property.
    private static PropertyInfo SpecProperty(ResourceKindInfo kind) =>
        kind.ClrType.GetProperty("Spec", BindingFlags.Public | BindingFlags.Instance)
        ?? throw new NotSupportedException($"{kind.ClrType} has no Spec property");
}
