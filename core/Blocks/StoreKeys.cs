using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Blocks;

/// <summary>
/// The text keys the stores use (<c>Kind/namespace/name</c>, <c>namespace/service/id</c>). Parts must be non-empty
/// and free of '/', so a key always parses back to the same parts.
/// </summary>
internal static class StoreKeys
{
    public static string Of(ResourceKey key)
    {
        Check(key.Kind, "kind");
        Check(key.Namespace, "metadata.namespace");
        Check(key.Name, "metadata.name");
        return key.ToString();
    }

    public static string Of(InstanceKey key)
    {
        Check(key.Namespace, "namespace");
        Check(key.Service, "service");
        Check(key.InstanceId, "instanceId");
        return key.ToString();
    }

    private static void Check(string? part, string name)
    {
        if (string.IsNullOrEmpty(part) || part.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} must be non-empty and must not contain '/', got \"{part}\"");
        }
    }
}
