namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// ROUND_ROBIN, the default (also for UNSPECIFIED): endpoints in turn, from a random starting point so that many
/// proxies do not all begin on the first endpoint. Lock-free: one Interlocked increment per pick.
/// </summary>
public sealed class RoundRobinLoadBalancer : ILoadBalancer
{
    private int _counter;

    public RoundRobinLoadBalancer(int endpointCount, Random random)
    {
        EndpointCount = endpointCount;
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
        return LoadBalancerPick.Of((int)(turn % (uint)EndpointCount));
    }
}
