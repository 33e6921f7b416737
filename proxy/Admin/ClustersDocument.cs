using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// <c>/debug/clusters</c>: every cluster sorted by name (<c>outbound|port|subset|host</c>) with its host, subset, port,
/// load balancer, endpoint count, how many of them are healthy now, and which other policies are set.
/// </summary>
public static class ClustersDocument
{
    public static JsonObject Create(AppliedConfig config, ProxyIdentity identity, IEndpointHealthView health)
    {
        var document = AdminDocument.Header(config, identity);
        document["clusters"] = new JsonArray([.. config.Clusters.Clusters.Values.Select(c => Cluster(c, health))]);
        return document;
    }

    private static JsonObject Cluster(Cluster cluster, IEndpointHealthView health) => new()
    {
        ["name"] = cluster.Key.ToString(),
        ["host"] = cluster.Key.Host,
        ["subset"] = cluster.Key.Subset,
        ["port"] = cluster.Key.Port,
        ["loadBalancer"] = LoadBalancerText.Describe(cluster.Policy.LoadBalancer),
        ["endpoints"] = cluster.Endpoints.Count,
        ["healthyEndpoints"] = cluster.Endpoints.Count(e => health.Get(cluster.Key, e).IsHealthy),
        ["outlierDetection"] = cluster.Policy.OutlierDetection is not null,
        ["connectionPool"] = cluster.Policy.ConnectionPool is not null,
        ["tls"] = cluster.Policy.Tls?.Mode is { } mode ? AdminDocument.IstioName(mode) : null,
    };
}
