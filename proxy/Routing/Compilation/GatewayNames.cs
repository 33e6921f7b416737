namespace GatewayMesh.Proxy.Routing;

/// <summary>Gateway references as written in a VirtualService: "mesh", "name" (in the VirtualService's namespace) or "namespace/name".</summary>
internal static class GatewayNames
{
    public const string Mesh = "mesh";

    /// <summary>The canonical "namespace/name" form, or "mesh".</summary>
    public static string Resolve(string reference, string vsNamespace) =>
        reference == Mesh || reference.Contains('/', StringComparison.Ordinal) ? reference : $"{vsNamespace}/{reference}";
}
