using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>How a VirtualService names gateways: "mesh", "name" (in its own namespace) or "namespace/name".</summary>
internal static class GatewayReferences
{
    public const string Mesh = "mesh";

    /// <summary>No gateways means the mesh (sidecars) only.</summary>
    public static bool BindsToMesh(IReadOnlyList<string> gateways) => gateways.Count == 0 || gateways.Contains(Mesh);

    public static string? SyntaxError(string reference)
    {
        if (reference == Mesh)
        {
            return null;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? null : reference[..slash];
        var name = slash < 0 ? reference : reference[(slash + 1)..];
        return (ns is null || NameRules.IsDns1123Label(ns)) && NameRules.IsDns1123Subdomain(name)
            ? null
            : $"invalid gateway reference \"{reference}\": expected \"mesh\", \"name\" or \"namespace/name\"";
    }

    public static void Validate(ValidationContext context, string path, IReadOnlyList<string> gateways)
    {
        for (var i = 0; i < gateways.Count; i++)
        {
            if (SyntaxError(gateways[i]) is { } error)
            {
                context.Add($"{path}[{i}]", error);
            }
        }
    }
}
