using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// The ingress's HTTP routes: Gateways whose <c>selector</c> labels are all on the proxy (an empty selector selects
/// every gateway proxy), their HTTP servers (port 80 or 8080, the HTTP listener), and the VirtualServices bound to
/// them by <c>gateways:</c>. A VirtualService host is served only where a server host (and its namespace part) admits it.
/// </summary>
internal static class IngressRoutes
{
    public static readonly int[] HttpPorts = [80, 8080];

    public static IEnumerable<VirtualHostRoutes> Compile(MeshSnapshot snapshot, ProxyIdentity proxy)
    {
        var virtualServices = snapshot.Configs.Values.OfType<VirtualService>().ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal); // one HTTP listener: a host is served once
        foreach (var gateway in snapshot.Configs.Values.OfType<Gateway>().Where(g => Selects(g, proxy)))
        {
            var gatewayName = $"{gateway.Metadata.Namespace}/{gateway.Metadata.Name}";
            var servers = gateway.Spec.Servers.Where(s => s.Port?.Number is { } n && HttpPorts.Contains(n)).ToList();
            if (servers.Count == 0)
            {
                continue;
            }

            foreach (var vs in virtualServices.Where(vs => IsBound(vs, gatewayName)))
            {
                if (Bind(vs, gateway, gatewayName, servers, claimed) is { } routes)
                {
                    yield return routes;
                }
            }
        }
    }

    private static bool Selects(Gateway gateway, ProxyIdentity proxy) =>
        gateway.Spec.Selector.All(s => proxy.Labels.TryGetValue(s.Key, out var value) && value == s.Value);

    private static bool IsBound(VirtualService vs, string gatewayName) =>
        vs.Spec.Gateways.Any(g => GatewayNames.Resolve(g, vs.Metadata.Namespace) == gatewayName);

    private static VirtualHostRoutes? Bind(VirtualService vs, Gateway gateway, string gatewayName, List<Server> servers, HashSet<string> claimed)
    {
        var hosts = new List<string>();
        var ports = new SortedSet<int>();
        foreach (var server in servers)
        {
            var admitted = server.Hosts
                .Select(h => GatewayServerHost.Parse(h, gateway.Metadata.Namespace))
                .Where(h => h.Admits(vs.Metadata.Namespace))
                .SelectMany(h => vs.Spec.Hosts.Select(h.Intersect))
                .OfType<string>()
                .ToList();
            if (admitted.Count > 0)
            {
                hosts.AddRange(admitted);
                ports.Add(server.Port!.Number!.Value);
            }
        }

        var unclaimed = hosts.Distinct().Where(claimed.Add).ToValueList();
        return unclaimed.IsEmpty
            ? null
            : new VirtualHostRoutes(
                $"{gatewayName}:{vs.Key}", unclaimed, unclaimed, gatewayName, ports.ToValueList(), vs.Key.ToString(),
                RuleCompiler.Compile(vs, ProxyRole.Ingress));
    }
}
