using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// The routes of one ingress listener: Gateways whose <c>selector</c> labels are all on the proxy (an empty selector
/// selects every gateway proxy), their servers on that listener (<see cref="GatewayServerListener"/>), and the
/// VirtualServices bound to them by <c>gateways:</c>. A VirtualService host is served only where a server host (and
/// its namespace part) admits it. Hosts admitted through a server with <c>tls.httpsRedirect</c> get one rule that
/// redirects to HTTPS instead of the VirtualService's rules.
/// </summary>
internal static class IngressRoutes
{
    public static IEnumerable<VirtualHostRoutes> Compile(MeshSnapshot snapshot, ProxyIdentity proxy, GatewayListener listener)
    {
        var virtualServices = snapshot.Configs.Values.OfType<VirtualService>().ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal); // one listener: a host is served once
        foreach (var gateway in snapshot.Configs.Values.OfType<Gateway>().Where(g => Selects(g, proxy)))
        {
            var gatewayName = $"{gateway.Metadata.Namespace}/{gateway.Metadata.Name}";
            var servers = gateway.Spec.Servers.Where(s => GatewayServerListener.Of(s) == listener).ToList();
            if (servers.Count == 0)
            {
                continue;
            }

            foreach (var vs in virtualServices.Where(vs => IsBound(vs, gatewayName)))
            {
                foreach (var routes in Bind(vs, gateway, gatewayName, servers, claimed))
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

    private static IEnumerable<VirtualHostRoutes> Bind(VirtualService vs, Gateway gateway, string gatewayName, List<Server> servers, HashSet<string> claimed)
    {
        var redirected = Admitted(vs, gateway, servers.Where(GatewayServerListener.RedirectsToHttps));
        var served = Admitted(vs, gateway, servers.Where(s => !GatewayServerListener.RedirectsToHttps(s)));
        if (Claim(redirected.Hosts, claimed) is { IsEmpty: false } redirectHosts)
        {
            ValueList<HttpRouteRule> redirect = [new HttpRouteRule(null, ValueList<MatchBlock>.Empty, HttpsRedirectAction.Instance, HeaderPolicy.None, RoutePolicies.None)];
            yield return new VirtualHostRoutes(
                $"{gatewayName}:{vs.Key}:https-redirect", redirectHosts, redirectHosts, gatewayName, redirected.Ports, vs.Key.ToString(), redirect);
        }

        if (Claim(served.Hosts, claimed) is { IsEmpty: false } hosts)
        {
            yield return new VirtualHostRoutes(
                $"{gatewayName}:{vs.Key}", hosts, hosts, gatewayName, served.Ports, vs.Key.ToString(), RuleCompiler.Compile(vs, ProxyRole.Ingress));
        }
    }

    private static (List<string> Hosts, ValueList<int> Ports) Admitted(VirtualService vs, Gateway gateway, IEnumerable<Server> servers)
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

        return (hosts, ports.ToValueList());
    }

    private static ValueList<string> Claim(List<string> hosts, HashSet<string> claimed) =>
        hosts.Distinct().Where(claimed.Add).ToValueList();
}
