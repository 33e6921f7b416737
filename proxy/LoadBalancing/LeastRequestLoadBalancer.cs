namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// LEAST_REQUEST (and the deprecated LEAST_CONN): power of two choices. Two distinct random endpoints are drawn and
/// the one with fewer requests in flight wins (the first on a tie). The pick's lease counts the request in flight
/// until the forwarder disposes it.
/// </summary>
/// <remarks>Pass <see cref="Random.Shared"/> in production; a seeded <see cref="Random"/> is not thread-safe and is for tests.</remarks>
public sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    private readonly int[] _inFlight;
    private readonly Random _random;

    public LeastRequestLoadBalancer(int endpointCount, Random random)
    {
        _inFlight = new int[endpointCount];
        _random = random;
    }

    public int EndpointCount => _inFlight.Length;

    /// <summary>Requests in flight to the endpoint at <paramref name="index"/>.</summary>
    public int InFlight(int index) => Volatile.Read(ref _inFlight[index]);

    public LoadBalancerPick Pick(LoadBalancingContext context)
    {
        var count = _inFlight.Length;
        if (count == 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        var chosen = count == 1 ? 0 : Choose(count);
        return new LoadBalancerPick(chosen, new EndpointLease(_inFlight, chosen), null);
    }

    private int Choose(int count)
    {
        var first = _random.Next(count);
        var second = _random.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        return InFlight(second) < InFlight(first) ? second : first;
    }
}
