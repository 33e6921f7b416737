using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// One upstream cluster: its key, the endpoints traffic may go to (healthy only), the policy in force, and the
/// protocol its endpoints are declared to speak (a ServiceEntry port's protocol or name; registry services declare none).
/// </summary>
public sealed record Cluster(ClusterKey Key, ValueList<Endpoint> Endpoints, ClusterPolicy Policy, UpstreamProtocol Protocol = UpstreamProtocol.Unspecified)
{
    /// <summary>How this proxy spreads traffic over the endpoints' localities; null: no locality load balancing (one pool).</summary>
    public LocalityPlan? Locality { get; init; }
}
