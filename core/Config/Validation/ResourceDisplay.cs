using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation;

/// <summary>How errors and analysis messages name a resource: <c>Kind namespace/name</c>.</summary>
public static class ResourceDisplay
{
    public static string Of(ConfigResource resource) => Of(resource.Key);

    public static string Of(ResourceKey key) => $"{key.Kind} {key.Namespace}/{key.Name}";
}
