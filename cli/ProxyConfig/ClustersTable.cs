using System.Text.Json.Nodes;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary><c>proxy-config clusters</c> as a table: CLUSTER (<c>outbound|port|subset|host</c>), LB-POLICY, ENDPOINTS, HEALTHY.</summary>
internal static class ClustersTable
{
    private static readonly string[] Headers = ["CLUSTER", "LB-POLICY", "ENDPOINTS", "HEALTHY"];
    private static readonly string[] WideHeaders = [.. Headers, "OUTLIER-DETECTION", "CONNECTION-POOL", "TLS"];

    public static TableWriter Build(JsonNode document, bool wide)
    {
        var table = new TableWriter(wide ? WideHeaders : Headers);
        foreach (var cluster in NodeFields.Items(document, "clusters"))
        {
            string[] cells =
            [
                NodeFields.Text(cluster, "name"),
                NodeFields.TextOr(cluster, "loadBalancer", "-"),
                NodeFields.TextOr(cluster, "endpoints", "0"),
                NodeFields.TextOr(cluster, "healthyEndpoints", "0"),
            ];
            table.AddRow(wide
                ? [.. cells, YesNo(cluster, "outlierDetection"), YesNo(cluster, "connectionPool"), NodeFields.TextOr(cluster, "tls", "-")]
                : cells);
        }

        return table;
    }

    private static string YesNo(JsonNode cluster, string name) => NodeFields.Flag(cluster, name) ? "yes" : "no";
}
