using GatewayMesh.Core.Config.Hosts;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// One entry of a Gateway server's <c>hosts</c>: <c>host</c> or <c>namespace/host</c>, where the namespace part
/// limits which VirtualServices may bind (<c>*</c> any, <c>.</c> the Gateway's own namespace, else that namespace).
/// </summary>
internal readonly record struct GatewayServerHost(string? Namespace, string Host)
{
    public static GatewayServerHost Parse(string entry, string gatewayNamespace)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new(null, MeshHosts.Normalize(entry));
        }

        var ns = entry[..slash];
        return new(ns switch { "*" => null, "." => gatewayNamespace, _ => ns }, MeshHosts.Normalize(entry[(slash + 1)..]));
    }

    public bool Admits(string vsNamespace) => Namespace is null || Namespace == vsNamespace;

    /// <summary>The host both this entry and a VirtualService host cover (the narrower of the two), or null.</summary>
    public string? Intersect(string vsHost)
    {
        vsHost = MeshHosts.Normalize(vsHost);
        return MeshHosts.Matches(Host, vsHost) ? vsHost : MeshHosts.Matches(vsHost, Host) ? Host : null;
    }
}
