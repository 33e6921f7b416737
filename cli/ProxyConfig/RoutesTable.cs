using System.Text.Json.Nodes;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>
/// <c>proxy-config routes</c> as a table: one row per match block of each rule, in the order the proxy tries them.
/// DOMAINS shows the first domain and how many more (all of them with <c>-o wide</c>); ACTION is
/// <see cref="RouteActionText"/>.
/// </summary>
internal static class RoutesTable
{
    private const string VirtualServicePrefix = "VirtualService/";
    private static readonly string[] Headers = ["NAME", "DOMAINS", "MATCH", "ACTION", "VIRTUAL-SERVICE"];
    private static readonly string[] WideHeaders = ["NAME", "DOMAINS", "ROUTE", "MATCH", "ACTION", "VIRTUAL-SERVICE", "GATEWAY", "PORTS", "TIMEOUT", "RETRIES", "FAULT", "MIRRORS"];

    public static TableWriter Build(JsonNode document, bool wide)
    {
        var table = new TableWriter(wide ? WideHeaders : Headers);
        foreach (var host in NodeFields.Items(document, "virtualHosts"))
        {
            var domains = NodeFields.Strings(host, "domains");
            var domainText = wide ? string.Join(",", domains) : Abbreviate(domains);
            var name = NodeFields.Text(host, "name");
            var source = VirtualServiceName(NodeFields.Text(host, "virtualService"));
            foreach (var route in NodeFields.Items(host, "routes"))
            {
                var action = RouteActionText.Describe(route["action"]);
                var matches = NodeFields.Strings(route, "match") is { Count: > 0 } blocks ? blocks : ["*"];
                foreach (var match in matches)
                {
                    table.AddRow(wide
                        ? [name, domainText, NodeFields.TextOr(route, "name", "-"), match, action, source,
                            NodeFields.Text(host, "gateway"), Ports(host), NodeFields.TextOr(route, "timeout", "-"),
                            NodeFields.TextOr(route, "retries", "-"), NodeFields.TextOr(route, "fault", "-"), RouteActionText.Mirrors(route["action"])]
                        : [name, domainText, match, action, source]);
                }
            }
        }

        return table;
    }

    /// <summary><c>reviews</c>, <c>reviews +3 more</c>, or <c>&lt;none&gt;</c>.</summary>
    internal static string Abbreviate(IReadOnlyList<string> domains) => domains.Count switch
    {
        0 => "<none>",
        1 => domains[0],
        _ => $"{domains[0]} +{domains.Count - 1} more",
    };

    /// <summary><c>VirtualService/default/reviews</c> as <c>default/reviews</c>; <c>&lt;default&gt;</c> for a service's default route.</summary>
    internal static string VirtualServiceName(string source) =>
        source.Length == 0 ? "<default>" : source.StartsWith(VirtualServicePrefix, StringComparison.Ordinal) ? source[VirtualServicePrefix.Length..] : source;

    private static string Ports(JsonNode host) =>
        NodeFields.Items(host, "ports") is { Count: > 0 } ports ? string.Join(",", ports.Select(p => p.ToString())) : "-";
}
