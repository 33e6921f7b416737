using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// A sidecar's outbound routes: each VirtualService bound to "mesh" (no <c>gateways</c> means mesh) for its hosts,
/// then a default route to all instances of every registry service no VirtualService claims.
/// </summary>
internal static class SidecarRoutes
{
    public static IEnumerable<VirtualHostRoutes> Compile(MeshSnapshot snapshot, ProxyIdentity proxy)
    {
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
