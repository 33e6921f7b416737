using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Sidecars;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// Which hosts a sidecar holds clusters and endpoints for, as Istio's SidecarScope limits them: the hosts its Sidecar's
/// egress imports (on any port), plus every host a route it loaded sends to or mirrors to (Istio adds the destinations
/// of imported VirtualServices the same way). Null (no scope, every host) for the ingress and for a workload without a
/// Sidecar or with one that imports everything. Pure.
/// </summary>
public sealed class ClusterScope
{
    private readonly SidecarScope _sidecar;
    private readonly HashSet<string> _routed;

    private ClusterScope(SidecarScope sidecar, HashSet<string> routed)
    {
        _sidecar = sidecar;
        _routed = routed;
    }

    /// <summary>The scope of <paramref name="proxy"/> whose compiled route table is <paramref name="routes"/>, or null when nothing is scoped out.</summary>
    public static ClusterScope? For(MeshSnapshot snapshot, ProxyIdentity proxy, RouteTable routes)
    {
        if (proxy.Role != ProxyRole.Sidecar
            || SidecarScope.For(snapshot.Configs.Values, proxy.Namespace, proxy.Labels, proxy.RootNamespace) is not { Resource.Spec.Egress.IsEmpty: false } sidecar)
        {
            return null;
        }

        var routed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in routes.VirtualHosts.SelectMany(h => h.Rules))
        {
            if (rule.Action is ForwardAction forward)
            {
                routed.UnionWith(forward.Destinations.Destinations.Select(d => d.Cluster.Host));
                routed.UnionWith(forward.Mirrors.Select(m => m.Cluster.Host));
            }
        }

        return new ClusterScope(sidecar, routed);
    }

    /// <summary>Whether clusters of <paramref name="fqdn"/>, defined in <paramref name="configNamespace"/>, are loaded.</summary>
    public bool Includes(string configNamespace, string fqdn) => _routed.Contains(fqdn) || _sidecar.Imports(configNamespace, fqdn);
}
