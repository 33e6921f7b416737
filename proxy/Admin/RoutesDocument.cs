using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// <c>/debug/routes</c>: every virtual host (name, domains, hosts, gateway, ports, source VirtualService) with its
/// rules in the order they are tried: name, match blocks as text (<see cref="MatchText"/>), action and policies.
/// </summary>
public static class RoutesDocument
{
    public static JsonObject Create(AppliedConfig config, ProxyIdentity identity)
    {
        var document = AdminDocument.Header(config, identity);
        document["virtualHosts"] = new JsonArray([.. config.Routes.VirtualHosts.Select(VirtualHost)]);
        return document;
    }

    private static JsonObject VirtualHost(VirtualHostRoutes host) => new()
    {
        ["name"] = host.Name,
        ["domains"] = AdminDocument.Strings(host.Domains),
        ["hosts"] = AdminDocument.Strings(host.Hosts),
        ["gateway"] = host.Gateway,
        ["ports"] = new JsonArray([.. host.Ports.Select(p => (JsonNode)p)]),
        ["virtualService"] = host.Source,
        ["routes"] = new JsonArray([.. host.Rules.Select(Rule)]),
    };

    private static JsonObject Rule(HttpRouteRule rule) => new()
    {
        ["name"] = rule.Name,
        ["match"] = AdminDocument.Strings(rule.Matches.Select(MatchText.Block)),
        ["action"] = RouteActionDocument.Create(rule.Action),
        ["timeout"] = rule.Policies.Timeout?.ToString(),
        ["retries"] = rule.Policies.Retries?.Attempts,
        ["fault"] = rule.Policies.Fault is null ? null : FaultText(rule),
        ["headers"] = !rule.Headers.IsEmpty,
    };

    private static string FaultText(HttpRouteRule rule)
    {
        var fault = rule.Policies.Fault!;
        var parts = new List<string>();
        if (fault.Delay is not null)
        {
            parts.Add("delay");
        }

        if (fault.Abort is not null)
        {
            parts.Add("abort");
        }

        return string.Join(",", parts);
    }
}
