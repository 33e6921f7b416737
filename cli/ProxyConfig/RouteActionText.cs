using System.Globalization;
using System.Text.Json.Nodes;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>
/// A rule's action in one cell: the destination cluster (several with their share of traffic, <c>A 80%, B 20%</c>) and
/// any rewrite; <c>redirect 301 uri=/new</c>; or <c>direct-response 503</c>.
/// </summary>
internal static class RouteActionText
{
    public static string Describe(JsonNode? action) => NodeFields.Text(action, "type") switch
    {
        "route" => Route(action!),
        "redirect" => Join("redirect " + NodeFields.TextOr(action, "code", "301"), Fields(action, "uri", "prefixRewrite", "authority", "scheme", "port", "derivePort")),
        "directResponse" => "direct-response " + NodeFields.Text(action, "status"),
        { Length: > 0 } other => other,
        _ => "-",
    };

    /// <summary>Each mirror as <c>cluster percentage%</c>, or <c>-</c>.</summary>
    public static string Mirrors(JsonNode? action) =>
        NodeFields.Items(action, "mirrors") is { Count: > 0 } mirrors
            ? string.Join(", ", mirrors.Select(m => $"{NodeFields.Text(m, "cluster")} {NodeFields.Text(m, "percentage")}%"))
            : "-";

    private static string Route(JsonNode action)
    {
        var destinations = NodeFields.Items(action, "destinations");
        var weights = destinations.Select(d => Math.Max(0, NodeFields.Number(d, "weight") ?? 0)).ToList();
        var total = weights.Sum();
        var text = destinations.Count == 1
            ? NodeFields.Text(destinations[0], "cluster")
            : string.Join(", ", destinations.Select((d, i) => $"{NodeFields.Text(d, "cluster")} {Share(weights[i], total, destinations.Count)}"));
        var rewrite = new List<string>();
        if (action["rewrite"] is JsonObject r)
        {
            rewrite.AddRange(Fields(r, "uri", "authority"));
            if (r["uriRegex"] is JsonObject regex)
            {
                rewrite.Add($"uriRegex={NodeFields.Text(regex, "match")}->{NodeFields.Text(regex, "rewrite")}");
            }
        }

        return rewrite.Count == 0 ? text : Join(text + " rewrite", rewrite);
    }

    /// <summary>The destination's share of traffic; every destination is equally likely when the weights add up to zero.</summary>
    internal static string Share(long weight, long total, int count)
    {
        var percent = total > 0 ? weight * 100.0 / total : 100.0 / count;
        return percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }

    private static List<string> Fields(JsonNode? node, params string[] names) =>
        [.. names.Where(n => NodeFields.Text(node, n).Length > 0).Select(n => $"{n}={NodeFields.Text(node, n)}")];

    private static string Join(string head, IReadOnlyList<string> fields) => fields.Count == 0 ? head : $"{head} {string.Join(" ", fields)}";
}
