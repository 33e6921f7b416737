using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// The applied config as JSON for an admin endpoint: every virtual host with its rules (conditions and actions
/// written out as text) and every cluster with its endpoints. For people and scripts; not a wire contract.
/// </summary>
public static class ProxyConfigDump
{
    public static JsonObject Create(AppliedConfig config, ProxyIdentity identity) => new()
    {
        ["revision"] = config.Revision,
        ["loaded"] = config.Loaded,
        ["proxy"] = new JsonObject
        {
            ["role"] = identity.Role.ToString(),
            ["namespace"] = identity.Namespace,
            ["labels"] = Map(identity.Labels),
        },
        ["virtualHosts"] = new JsonArray([.. config.Routes.VirtualHosts.Select(VirtualHost)]),
        ["httpsVirtualHosts"] = new JsonArray([.. config.HttpsRoutes.VirtualHosts.Select(VirtualHost)]),
        ["clusters"] = new JsonArray([.. config.Clusters.Clusters.Values.Select(c => Cluster(c, config.Upstreams))]),
    };

    private static JsonObject VirtualHost(VirtualHostRoutes host) => new()
    {
        ["name"] = host.Name,
        ["domains"] = Strings(host.Domains),
        ["gateway"] = host.Gateway,
        ["ports"] = new JsonArray([.. host.Ports.Select(p => (JsonNode)p)]),
        ["egressPorts"] = host.EgressPorts?.ToString(),
        ["source"] = host.Source,
        ["rules"] = new JsonArray([.. host.Rules.Select(Rule)]),
    };

    private static JsonObject Rule(HttpRouteRule rule) => new()
    {
        ["name"] = rule.Name,
        ["matches"] = new JsonArray([.. rule.Matches.Select(m => (JsonNode)string.Join(" && ", m.Conditions.Select(c => c.ToString())))]),
        ["action"] = Action(rule.Action),
    };

    private static JsonObject Action(RouteAction action) => action switch
    {
        ForwardAction forward => new JsonObject
        {
            ["route"] = new JsonArray([.. forward.Destinations.Destinations.Select(d => new JsonObject
            {
                ["cluster"] = d.Cluster.ToString(),
                ["weight"] = d.Weight,
            })]),
            ["rewrite"] = forward.Rewrite?.ToString(),
            ["mirrors"] = new JsonArray([.. forward.Mirrors.Select(m => (JsonNode)$"{m.Cluster} {m.Percentage}%")]),
        },
        RedirectAction redirect => new JsonObject { ["redirect"] = redirect.ToString() },
        HttpsRedirectAction => new JsonObject { ["httpsRedirect"] = HttpsRedirectAction.Code },
        DirectResponseAction direct => new JsonObject { ["directResponse"] = direct.Status },
        _ => new JsonObject { ["other"] = action.ToString() },
    };

    /// <summary>A cluster with its endpoints; <c>ejected</c> marks endpoints outlier detection has taken out of service.</summary>
    private static JsonObject Cluster(Cluster cluster, ClusterSet upstreams)
    {
        var outliers = upstreams.TryGet(cluster.Key, out var entry) ? entry.Resilience?.Outliers : null;
        return new JsonObject
        {
            ["name"] = cluster.Key.ToString(),
            ["endpoints"] = new JsonArray([.. cluster.Endpoints.Select((e, i) => new JsonObject
            {
                ["address"] = e.ToString(),
                ["instance"] = e.InstanceId,
                ["labels"] = Map(e.Labels),
                ["ejected"] = outliers?.IsEjected(i) ?? false,
            })]),
            ["loadBalancer"] = cluster.Policy.LoadBalancer?.ToString() ?? "ROUND_ROBIN",
            ["protocol"] = cluster.Protocol.ToString(),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonObject Map(IEnumerable<KeyValuePair<string, string>> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
}
