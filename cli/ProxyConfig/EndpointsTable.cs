using System.Text.Json.Nodes;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary><c>proxy-config endpoints</c> as a table: ENDPOINT (address:port), HEALTH, CLUSTER, LABELS, in cluster order.</summary>
internal static class EndpointsTable
{
    private static readonly string[] Headers = ["ENDPOINT", "HEALTH", "CLUSTER", "LABELS"];
    private static readonly string[] WideHeaders = [.. Headers, "INSTANCE", "SERVICE-ACCOUNT", "EJECTED-UNTIL"];

    public static TableWriter Build(JsonNode document, bool wide)
    {
        var table = new TableWriter(wide ? WideHeaders : Headers);
        foreach (var endpoint in NodeFields.Items(document, "endpoints"))
        {
            string[] cells =
            [
                NodeFields.Text(endpoint, "address"),
                NodeFields.TextOr(endpoint, "health", "HEALTHY"),
                NodeFields.Text(endpoint, "cluster"),
                NodeFields.Pairs(endpoint, "labels"),
            ];
            table.AddRow(wide
                ? [.. cells, NodeFields.TextOr(endpoint, "instance", "-"), NodeFields.TextOr(endpoint, "serviceAccount", "-"), NodeFields.TextOr(endpoint, "ejectedUntil", "-")]
                : cells);
        }

        return table;
    }
}
