namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Picks one of a cluster's endpoints (by index into the cluster's endpoint list) for a request. Built once per
/// cluster, safe for concurrent use, and kept across reloads that leave the cluster's endpoints and policy equal.
/// </summary>
public interface ILoadBalancer
{
    int EndpointCount { get; }

    LoadBalancerPick Pick(LoadBalancingContext context);
}
