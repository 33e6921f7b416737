namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>RANDOM: a uniformly random endpoint per request, among the available ones.</summary>
/// <remarks>Pass <see cref="Random.Shared"/> in production; a seeded <see cref="Random"/> is not thread-safe and is for tests.</remarks>
public sealed class RandomLoadBalancer(int endpointCount, Random random, EndpointHealth? health = null) : ILoadBalancer
{
    private readonly EndpointHealth _health = health ?? EndpointHealth.AllHealthy;

    public int EndpointCount { get; } = endpointCount;

    public LoadBalancerPick Pick(LoadBalancingContext context)
    {
        var available = _health.CountAvailable(EndpointCount);
        return available == 0
            ? LoadBalancerPick.NoChoice
            : LoadBalancerPick.Of(_health.NthAvailable(random.Next(available), EndpointCount));
    }
}
