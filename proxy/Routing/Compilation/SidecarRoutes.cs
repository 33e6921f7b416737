using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Sidecars;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// A sidecar's outbound routes: each VirtualService bound to "mesh" (no <c>gateways</c> means mesh) for its hosts,
/// then a default route to all instances of every registry service no VirtualService claims. Only hosts the workload's
/// Istio Sidecar imports (<see cref="SidecarScope"/>: its egress <c>namespace/dnsName</c> entries, read against the
/// VirtualService's or the service's namespace) are loaded; the others are outside the mesh for this proxy.
/// </summary>
internal static class SidecarRoutes
{
    public static IEnumerable<VirtualHostRoutes> Compile(MeshSnapshot snapshot, ProxyIdentity proxy)
    {
        var scope = SidecarScope.For(snapshot.Configs.Values, proxy.Namespace, proxy.Labels, proxy.RootNamespace);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vs in snapshot.Configs.Values.OfType<VirtualService>())
        {
            var boundToMesh = vs.Spec.Gateways.IsEmpty || vs.Spec.Gateways.Contains(GatewayNames.Mesh);
            if (!boundToMesh)
            {
                continue;
            }

            var hosts = vs.Spec.Hosts
                .Select(h => MeshHosts.ToFqdn(h, vs.Metadata.Namespace))
                .Distinct()
                .Where(h => scope is null || scope.Imports(vs.Metadata.Namespace, h))
                .Where(claimed.Add)
                .ToList();
            if (hosts.Count == 0)
            {
                continue;
            }

            yield return new VirtualHostRoutes(
                vs.Key.ToString(),
                hosts.ToValueList(),
                hosts.SelectMany(h => HostAliases.For(h, proxy.Namespace)).Distinct().ToValueList(),
                GatewayNames.Mesh,
                default,
                vs.Key.ToString(),
                RuleCompiler.Compile(vs, ProxyRole.Sidecar));
        }

        var services = snapshot.Instances.Values
            .Where(i => scope is null || scope.Imports(i.Namespace, new ServiceName(i.Service, i.Namespace).Fqdn))
            .Select(i => new ServiceName(i.Service, i.Namespace).Fqdn)
            .Distinct()
            .Order(StringComparer.Ordinal);
        foreach (var fqdn in services.Where(claimed.Add))
        {
            yield return DefaultRoute(fqdn, proxy.Namespace);
        }
    }

    private static VirtualHostRoutes DefaultRoute(string fqdn, string proxyNamespace)
    {
        var destination = new WeightedDestination(new ClusterKey(fqdn, null, null), 100, HeaderPolicy.None);
        var rule = new HttpRouteRule(
            "default", default, new ForwardAction(new WeightedPicker([destination]), null, default), HeaderPolicy.None, RoutePolicies.None);
        return new VirtualHostRoutes(fqdn, [fqdn], HostAliases.For(fqdn, proxyNamespace).ToValueList(), GatewayNames.Mesh, default, null, [rule]);
    }
}
