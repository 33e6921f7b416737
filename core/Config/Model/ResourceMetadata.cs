using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Kubernetes-style object metadata, limited to what the mesh reads.</summary>
public sealed record ResourceMetadata
{
    public const string DefaultNamespace = "default";

    public string Name { get; init; } = "";

    public string Namespace { get; init; } = DefaultNamespace;

    public ValueMap<string, string> Labels { get; init; }

    public ValueMap<string, string> Annotations { get; init; }

    /// <summary>The store revision at which this resource was last written; empty for a resource never stored.</summary>
    public string? ResourceVersion { get; init; }
}
