using GatewayMesh.Core.Blocks.State;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// Compiles a mesh snapshot into the HTTP route table of one proxy. Pure and deterministic: the same snapshot and
/// identity always give an equal table. Resources are visited in <c>ResourceKey</c> order (namespace, then name);
/// when several VirtualServices claim the same host, the first in that order wins and later claims of that host are
/// ignored. Rules keep their order within a VirtualService. Istio 0.x RouteRules and WorkloadEntries are compiled
/// through <see cref="EffectiveSnapshot"/>.
/// </summary>
public static class RouteTableCompiler
{
    /// <summary>The table of a sidecar, or of the ingress's HTTP listener.</summary>
    public static RouteTable Compile(MeshSnapshot snapshot, ProxyIdentity proxy)
    {
        snapshot = EffectiveSnapshot.Of(snapshot);
        var hosts = proxy.Role == ProxyRole.Ingress
            ? IngressRoutes.Compile(snapshot, proxy, GatewayListener.Http)
            : SidecarRoutes.Compile(snapshot, proxy);
        return new RouteTable([.. hosts]);
    }

    /// <summary>The table of the ingress's HTTPS listener (Gateway servers on 443 or 8443); empty on a sidecar.</summary>
    public static RouteTable CompileHttps(MeshSnapshot snapshot, ProxyIdentity proxy) =>
        proxy.Role == ProxyRole.Ingress
            ? new RouteTable([.. IngressRoutes.Compile(EffectiveSnapshot.Of(snapshot), proxy, GatewayListener.Https)])
            : RouteTable.Empty;
}
