using System.Globalization;
using System.Text.Json.Nodes;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>
/// The <c>proxy-config</c> filters, applied to the document itself so tables and <c>-o json</c> show the same items:
/// <c>--name</c> (a virtual host by name or domain), <c>--fqdn</c> (a service host; a short name matches its FQDN),
/// <c>--subset</c>, <c>--port</c>, <c>--cluster</c>, <c>--status</c> (endpoint health). Unset filters keep everything.
/// </summary>
internal sealed record ProxyConfigFilter(string? Name = null, string? Fqdn = null, string? Subset = null, int? Port = null, string? Cluster = null, string? Status = null)
{
    public void ApplyTo(JsonObject document, ProxyConfigKind kind)
    {
        switch (kind)
        {
            case ProxyConfigKind.Routes:
                Keep(document, "virtualHosts", host => Name is null || NodeFields.Text(host, "name") == Name
                    || NodeFields.Strings(host, "domains").Contains(Name, StringComparer.OrdinalIgnoreCase));
                break;
            case ProxyConfigKind.Clusters:
                Keep(document, "clusters", cluster => HostMatches(NodeFields.Text(cluster, "host"))
                    && (Subset is null || NodeFields.Text(cluster, "subset") == Subset)
                    && (Port is null || NodeFields.Text(cluster, "port") == Port.Value.ToString(CultureInfo.InvariantCulture)));
                break;
            case ProxyConfigKind.Endpoints:
                Keep(document, "endpoints", endpoint => (Cluster is null || NodeFields.Text(endpoint, "cluster") == Cluster)
                    && HostMatches(HostOfCluster(NodeFields.Text(endpoint, "cluster")))
                    && (Status is null || string.Equals(NodeFields.Text(endpoint, "health"), Status, StringComparison.OrdinalIgnoreCase)));
                break;
        }
    }

    /// <summary><c>reviews</c> matches <c>reviews.default.svc.cluster.local</c>; a full name matches only itself.</summary>
    internal bool HostMatches(string host) =>
        Fqdn is null || string.Equals(host, Fqdn, StringComparison.OrdinalIgnoreCase)
        || host.StartsWith(Fqdn + ".", StringComparison.OrdinalIgnoreCase);

    /// <summary>The host of <c>outbound|port|subset|host</c>.</summary>
    private static string HostOfCluster(string cluster) => cluster.Split('|') is [_, _, _, var host] ? host : cluster;

    private static void Keep(JsonObject document, string arrayName, Func<JsonNode, bool> keep)
    {
        if (document[arrayName] is not JsonArray items)
        {
            return;
        }

        for (var i = items.Count - 1; i >= 0; i--)
        {
            if (items[i] is not { } item || !keep(item))
            {
                items.RemoveAt(i);
            }
        }
    }
}
