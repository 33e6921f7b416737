using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>How errors name a resource: "Kind namespace/name" once the kind and name can be read, else "document N".</summary>
internal static class ResourceLabel
{
    public static string ForDocument(int number, string? sourceName) =>
        sourceName is null ? $"document {number}" : $"{sourceName} document {number}";

    /// <summary>"Kind namespace/name" when the mapping names a known kind and a name, read leniently; else null.</summary>
    public static string? TryIdentify(YamlMapping resource)
    {
        if (resource.Find("kind") is not YamlScalar { IsNull: false } kind || !ResourceKinds.All.Any(k => k.Kind == kind.Value) ||
            resource.Find("metadata") is not YamlMapping metadata ||
            metadata.Find("name") is not YamlScalar { IsNull: false, Value.Length: > 0 } name)
        {
            return null;
        }

        var ns = metadata.Find("namespace") is YamlScalar { IsNull: false, Value.Length: > 0 } given
            ? given.Value
            : ResourceMetadata.DefaultNamespace;
        return $"{kind.Value} {ns}/{name.Value}";
    }
}
