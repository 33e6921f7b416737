using System.Globalization;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// <c>/debug/routes</c>: every virtual host (name, domains, hosts, gateway, ports, source VirtualService) with its
/// rules in the order they are tried: name, match blocks as text (<see cref="MatchText"/>), action and policies
/// (timeout, retry attempts, injected faults as text).
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
        ["egressPorts"] = host.EgressPorts?.ToString(),
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

    /// <summary>
    /// What the proxy injects for the rule's <c>fault</c> block: <c>delay 7s 100%</c>, <c>abort 500 10%</c>,
    /// <c>abort grpc 14 5%</c>, joined by <c>, </c>; <c>none injected</c> when nothing is (e.g. only
    /// <c>exponentialDelay</c>, or 0 %).
    /// </summary>
    private static string FaultText(HttpRouteRule rule)
    {
        if (FaultPolicy.From(rule.Policies.Fault) is not { } fault)
        {
            return "none injected";
        }

        var parts = new List<string>();
        if (fault.Delay is { } delay)
        {
            parts.Add($"delay {MeshDuration.FromTimeSpan(delay.Delay)} {Share(delay.Rate)}");
        }

        if (fault.Abort is { } abort)
        {
            parts.Add(abort.GrpcStatus is { } grpc ? $"abort grpc {grpc} {Share(abort.Rate)}" : $"abort {abort.HttpStatus} {Share(abort.Rate)}");
        }

        return string.Join(", ", parts);
    }

    private static string Share(double rate) => (rate * 100).ToString("0.####", CultureInfo.InvariantCulture) + "%";
}
