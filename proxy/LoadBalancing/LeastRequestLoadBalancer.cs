namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// LEAST_REQUEST (and the deprecated LEAST_CONN): power of two choices. Two distinct random endpoints are drawn and
/// the one with fewer requests in flight wins (the first on a tie). The pick's lease counts the request in flight
/// until the forwarder disposes it. Unavailable (ejected) endpoints are never drawn.
/// </summary>
/// <remarks>Pass <see cref="Random.Shared"/> in production; a seeded <see cref="Random"/> is not thread-safe and is for tests.</remarks>
public sealed class LeastRequestLoadBalancer : ILoadBalancer
{
    private readonly int[] _inFlight;
    private readonly Random _random;
    private readonly EndpointHealth _health;

    public LeastRequestLoadBalancer(int endpointCount, Random random, EndpointHealth? health = null)
    {
        _inFlight = new int[endpointCount];
        _random = random;
        _health = health ?? EndpointHealth.AllHealthy;
    }

    public int EndpointCount => _inFlight.Length;

    /// <summary>Requests in flight to the endpoint at <paramref name="index"/>.</summary>
    public int InFlight(int index) => Volatile.Read(ref _inFlight[index]);

    public LoadBalancerPick Pick(LoadBalancingContext context)
    {
        var count = _health.CountAvailable(_inFlight.Length);
        if (count == 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        var chosen = count == 1 ? _health.NthAvailable(0, _inFlight.Length) : Choose(count);
        if (chosen < 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        return new LoadBalancerPick(chosen, new EndpointLease(_inFlight, chosen), null);
    }

    /// <summary>Two distinct ranks among the <paramref name="count"/> available endpoints; the less busy one wins.</summary>
    private int Choose(int count)
    {
        var firstRank = _random.Next(count);
        var secondRank = _random.Next(count - 1);
        if (secondRank >= firstRank)
        {
            secondRank++;
        }

        var first = _health.NthAvailable(firstRank, _inFlight.Length);
        var second = _health.NthAvailable(secondRank, _inFlight.Length);
        return first < 0 || second < 0 ? Math.Max(first, second) : InFlight(second) < InFlight(first) ? second : first;
    }
}
