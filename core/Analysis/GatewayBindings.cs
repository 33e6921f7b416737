namespace GatewayMesh.Core.Analysis;

/// <summary>A gateway a VirtualService names, resolved: "mesh", or a namespace and name.</summary>
internal readonly record struct GatewayBinding(string Namespace, string Name)
{
    public static GatewayBinding Mesh { get; } = new("", "mesh");

    public bool IsMesh => this == Mesh;

    /// <summary>"mesh", "name" (in <paramref name="ns"/>) or "namespace/name".</summary>
    public static GatewayBinding Resolve(string reference, string ns)
    {
        if (reference == "mesh")
        {
            return Mesh;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new(ns, reference) : new(reference[..slash], reference[(slash + 1)..]);
    }

    /// <summary>The gateways a VirtualService binds to; none listed means the mesh.</summary>
    public static IReadOnlyList<GatewayBinding> Of(IReadOnlyList<string> gateways, string ns) =>
        gateways.Count == 0 ? [Mesh] : [.. gateways.Select(g => Resolve(g, ns)).Distinct()];

    public override string ToString() => IsMesh ? "the mesh gateway" : $"gateway {Namespace}/{Name}";
}
