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
/// VirtualService's or the service's namespace) are loaded; the others are outside the mesh for this proxy. A host a
/// port-specific egress listener imports carries the ports it may be called on (<see cref="VirtualHostRoutes.EgressPorts"/>).
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

            var byPorts = hosts.GroupBy(h => scope?.PortsOf(vs.Metadata.Namespace, h)).ToList();
            foreach (var (group, index) in byPorts.Select((g, i) => (g, i)))
            {
                // hosts of one VirtualService imported on different ports become one virtual host per port set
                yield return new VirtualHostRoutes(
                    index == 0 ? vs.Key.ToString() : $"{vs.Key}#{index}",
                    group.ToValueList(),
                    group.SelectMany(h => HostAliases.For(h, proxy.Namespace)).Distinct().ToValueList(),
                    GatewayNames.Mesh,
                    default,
                    vs.Key.ToString(),
                    RuleCompiler.Compile(vs, ProxyRole.Sidecar)) { EgressPorts = group.Key };
            }
        }

        var services = snapshot.Instances.Values
            .Select(i => (i.Namespace, Fqdn: new ServiceName(i.Service, i.Namespace).Fqdn))
            .Distinct()
            .Where(s => scope is null || scope.Imports(s.Namespace, s.Fqdn))
            .OrderBy(s => s.Fqdn, StringComparer.Ordinal);
        foreach (var (ns, fqdn) in services.Where(s => claimed.Add(s.Fqdn)))
        {
            yield return DefaultRoute(fqdn, proxy.Namespace) with { EgressPorts = scope?.PortsOf(ns, fqdn) };
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
