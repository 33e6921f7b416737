namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// ROUND_ROBIN, the default (also for UNSPECIFIED): endpoints in turn, from a random starting point so that many
/// proxies do not all begin on the first endpoint. Lock-free: one Interlocked increment per pick. While some endpoints
/// are unavailable (ejected), the turns go round the available ones only.
/// </summary>
public sealed class RoundRobinLoadBalancer : ILoadBalancer
{
    private readonly EndpointHealth _health;
    private int _counter;

    public RoundRobinLoadBalancer(int endpointCount, Random random, EndpointHealth? health = null)
    {
        EndpointCount = endpointCount;
        _health = health ?? EndpointHealth.AllHealthy;
        _counter = endpointCount > 0 ? random.Next(endpointCount) - 1 : 0;
    }

    public int EndpointCount { get; }

    public LoadBalancerPick Pick(LoadBalancingContext context)
    {
        if (EndpointCount == 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        var turn = (uint)Interlocked.Increment(ref _counter);
        if (!_health.AnyUnavailable)
        {
            return LoadBalancerPick.Of((int)(turn % (uint)EndpointCount));
        }

        var available = _health.CountAvailable(EndpointCount);
        return available == 0
            ? LoadBalancerPick.NoChoice
            : LoadBalancerPick.Of(_health.NthAvailable((int)(turn % (uint)available), EndpointCount));
    }
}
