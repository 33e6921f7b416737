namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>RANDOM: a uniformly random endpoint per request.</summary>
/// <remarks>Pass <see cref="Random.Shared"/> in production; a seeded <see cref="Random"/> is not thread-safe and is for tests.</remarks>
public sealed class RandomLoadBalancer(int endpointCount, Random random) : ILoadBalancer
{
    public int EndpointCount { get; } = endpointCount;

    public LoadBalancerPick Pick(LoadBalancingContext context) =>
        EndpointCount == 0 ? LoadBalancerPick.NoChoice : LoadBalancerPick.Of(random.Next(EndpointCount));
}
