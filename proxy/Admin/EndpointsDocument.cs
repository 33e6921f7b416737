using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// <c>/debug/endpoints</c>: one entry per endpoint of each cluster (an address in two clusters appears twice), in
/// cluster order: address, cluster, health (<c>HEALTHY</c> or <c>EJECTED</c> with <c>ejectedUntil</c>), instance,
/// service account and labels.
/// </summary>
public static class EndpointsDocument
{
    public static JsonObject Create(AppliedConfig config, ProxyIdentity identity, IEndpointHealthView health)
    {
        var document = AdminDocument.Header(config, identity);
        document["endpoints"] = new JsonArray([..
            config.Clusters.Clusters.Values.SelectMany(c => c.Endpoints.Select(e => Endpoint(c.Key, e, health.Get(c.Key, e))))]);
        return document;
    }

    private static JsonObject Endpoint(ClusterKey cluster, Endpoint endpoint, EndpointHealth health) => new()
    {
        ["address"] = endpoint.ToString(),
        ["cluster"] = cluster.ToString(),
        ["health"] = health.Status,
        ["ejectedUntil"] = health.EjectedUntil,
        ["instance"] = endpoint.InstanceId,
        ["serviceAccount"] = endpoint.ServiceAccount,
        ["labels"] = AdminDocument.Map(endpoint.Labels),
    };
}
