using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// <c>/debug/endpoints</c>: one entry per endpoint of each cluster (an address in two clusters appears twice), in
/// cluster order: address, cluster, health (<c>HEALTHY</c> or <c>EJECTED</c> with <c>ejectedUntil</c>), how it is reached
/// (<c>tls</c>: <c>ISTIO_MUTUAL</c>, <c>DISABLE</c>, or <c>UNAVAILABLE</c> when mTLS is required but this proxy has no certificate), instance,
/// service account and labels.
/// </summary>
public static class EndpointsDocument
{
    /// <param name="tls">This proxy's mesh mTLS, to show how each endpoint is reached; null: as by a proxy without a certificate.</param>
    public static JsonObject Create(AppliedConfig config, ProxyIdentity identity, IEndpointHealthView health, UpstreamTls? tls = null)
    {
        var document = AdminDocument.Header(config, identity);
        var canOriginate = tls?.CanOriginate == true;
        document["endpoints"] = new JsonArray([..
            config.Clusters.Clusters.Values.SelectMany(c => c.Endpoints.Select(e =>
                Endpoint(c.Key, e, health.Get(c.Key, e), UpstreamTransports.Choose(c.Policy, e, canOriginate))))]);
        return document;
    }

    private static JsonObject Endpoint(ClusterKey cluster, Endpoint endpoint, EndpointHealth health, UpstreamTransport transport) => new()
    {
        ["address"] = endpoint.ToString(),
        ["cluster"] = cluster.ToString(),
        ["health"] = health.Status,
        ["tls"] = UpstreamTransports.Describe(transport),
        ["ejectedUntil"] = health.EjectedUntil,
        ["instance"] = endpoint.InstanceId,
        ["serviceAccount"] = endpoint.ServiceAccount,
        ["labels"] = AdminDocument.Map(endpoint.Labels),
    };
}
