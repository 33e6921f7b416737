using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>One upstream cluster: its key, the endpoints traffic may go to (healthy only), and the policy in force.</summary>
public sealed record Cluster(ClusterKey Key, ValueList<Endpoint> Endpoints, ClusterPolicy Policy);
