using GatewayMesh.Proxy.LoadBalancing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>A live cluster with the balancer that picks among its endpoints.</summary>
public sealed record ClusterEntry(Cluster Cluster, ILoadBalancer LoadBalancer);
