using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Builds the balancer a cluster's <see cref="LoadBalancerSettings"/> ask for: consistentHash when set, else the simple
/// algorithm, ROUND_ROBIN when unspecified; LEAST_CONN is LEAST_REQUEST. A cluster with a <see cref="LocalityPlan"/> gets a
/// <see cref="LocalityLoadBalancer"/> over one such balancer per locality group. Warmup settings are not applied yet.
/// The balancer skips the endpoints the given <see cref="EndpointHealth"/> marks unavailable (outlier ejection), read on every pick.
/// </summary>
public sealed class LoadBalancerFactory(Random random)
{
    public static LoadBalancerFactory Shared { get; } = new(Random.Shared);

    public ILoadBalancer Create(Cluster cluster, EndpointHealth? health = null) =>
        cluster.Locality is { } plan
            ? new LocalityLoadBalancer(
                cluster.Endpoints.Count,
                plan,
                (map, groupHealth) => Create(cluster.Policy.LoadBalancer, [.. map.Select(i => cluster.Endpoints[i])], groupHealth),
                random,
                health)
            : Create(cluster.Policy.LoadBalancer, cluster.Endpoints, health);

    public ILoadBalancer Create(LoadBalancerSettings? settings, IReadOnlyList<Endpoint> endpoints, EndpointHealth? health = null)
    {
        var count = endpoints.Count;
        if (settings?.ConsistentHash is { } hash)
        {
            return new ConsistentHashLoadBalancer(hash, endpoints.Select(e => e.ToString()).ToList(), random, health);
        }

        return settings?.Simple switch
        {
            SimpleLB.LeastRequest or SimpleLB.LeastConn => new LeastRequestLoadBalancer(count, random, health),
            SimpleLB.Random => new RandomLoadBalancer(count, random, health),
            SimpleLB.Passthrough => new PassthroughLoadBalancer(count),
            _ => new RoundRobinLoadBalancer(count, random, health),
        };
    }
}
