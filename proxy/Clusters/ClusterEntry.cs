using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// A live cluster with the balancer that picks among its endpoints (skipping ejected ones) and, when built by a
/// <see cref="ClusterState"/> with a <see cref="ClusterResilienceRegistry"/>, its per-cluster protections.
/// </summary>
public sealed record ClusterEntry(Cluster Cluster, ILoadBalancer LoadBalancer)
{
    /// <summary>Outlier detection, connection-pool limits, retry limits and the cluster's upstream client; null when not tracked.</summary>
    public ClusterResilience? Resilience { get; init; }
}
