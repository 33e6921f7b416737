using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>What the admin view shows of one endpoint's outlier state.</summary>
public sealed record EndpointOutlierStatus(
    ClusterKey Cluster,
    Endpoint Endpoint,
    bool Ejected,
    DateTimeOffset? EjectedAt,
    DateTimeOffset? ReturnsAt,
    int Ejections,
    int Consecutive5xx);
