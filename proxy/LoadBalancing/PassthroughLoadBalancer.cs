namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// PASSTHROUGH: no balancing. Every pick is <see cref="LoadBalancerPick.NoChoice"/>, telling the caller to forward to
/// the original destination, the address the request was sent to.
/// </summary>
public sealed class PassthroughLoadBalancer(int endpointCount) : ILoadBalancer
{
    public int EndpointCount { get; } = endpointCount;

    public LoadBalancerPick Pick(LoadBalancingContext context) => LoadBalancerPick.NoChoice;
}
