using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// consistentHash: session affinity on a header, a cookie, the source IP or a query parameter, over a <see cref="HashRing"/>
/// (maglev settings are served by the ring too, sized by tableSize). A request without the key gets a random endpoint,
/// except a missing cookie with a ttl: then a fresh random cookie value is chosen, hashed like any other, and returned
/// as a <see cref="SetCookieInstruction"/> so the client's next requests stick to the same endpoint. Without a ttl no
/// cookie is generated (Istio's rule). Keys of an unavailable (ejected) endpoint go to the next endpoint on the ring.
/// </summary>
/// <remarks>Pass <see cref="Random.Shared"/> in production; a seeded <see cref="Random"/> is not thread-safe and is for tests.</remarks>
public sealed class ConsistentHashLoadBalancer : ILoadBalancer
{
    private readonly ConsistentHashLB _settings;
    private readonly HashRing _ring;
    private readonly Random _random;
    private readonly EndpointHealth _health;

    public ConsistentHashLoadBalancer(ConsistentHashLB settings, IReadOnlyList<string> endpointIdentities, Random random, EndpointHealth? health = null)
    {
        _settings = settings;
        _random = random;
        _health = health ?? EndpointHealth.AllHealthy;
        var size = settings.RingHash?.MinimumRingSize ?? settings.Maglev?.TableSize ?? settings.MinimumRingSize ?? HashRing.DefaultMinimumSize;
        _ring = new HashRing(endpointIdentities, size);
        EndpointCount = endpointIdentities.Count;
    }

    public int EndpointCount { get; }

    public LoadBalancerPick Pick(LoadBalancingContext context)
    {
        if (EndpointCount == 0)
        {
            return LoadBalancerPick.NoChoice;
        }

        if (KeyHash(context) is { } hash)
        {
            return LoadBalancerPick.Of(_ring.Lookup(hash, _health));
        }

        if (_settings.HttpCookie is { Name: { Length: > 0 } name, Ttl: { } ttl } cookie)
        {
            var value = _random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            var instruction = new SetCookieInstruction(name, value, cookie.Path, ttl.Value, cookie.Attributes);
            var owner = _ring.Lookup(StableHash.Of(value), _health);
            return owner < 0 ? LoadBalancerPick.NoChoice : new LoadBalancerPick(owner, default, instruction);
        }

        var available = _health.CountAvailable(EndpointCount);
        return available == 0 ? LoadBalancerPick.NoChoice : LoadBalancerPick.Of(_health.NthAvailable(_random.Next(available), EndpointCount));
    }

    private ulong? KeyHash(LoadBalancingContext context) => _settings switch
    {
        { HttpHeaderName: { Length: > 0 } header } => HashOf(context.GetHeader(header)),
        { HttpCookie.Name: { Length: > 0 } cookie } => HashOf(context.GetCookie(cookie)),
        { UseSourceIp: true } => context.SourceAddress is { } source ? StableHash.Of(source) : null,
        { HttpQueryParameterName: { Length: > 0 } parameter } => HashOf(context.GetQueryParameter(parameter)),
        _ => null,
    };

    private static ulong? HashOf(string? key) => key is null ? null : StableHash.Of(key);
}
