using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Builds the balancer a cluster's <see cref="LoadBalancerSettings"/> ask for: consistentHash when set, else the simple
/// algorithm, ROUND_ROBIN when unspecified; LEAST_CONN is LEAST_REQUEST. Locality and warmup settings are not applied yet.
/// </summary>
public sealed class LoadBalancerFactory(Random random)
{
    public static LoadBalancerFactory Shared { get; } = new(Random.Shared);

    public ILoadBalancer Create(Cluster cluster) => Create(cluster.Policy.LoadBalancer, cluster.Endpoints);

    public ILoadBalancer Create(LoadBalancerSettings? settings, IReadOnlyList<Endpoint> endpoints)
    {
        var count = endpoints.Count;
        if (settings?.ConsistentHash is { } hash)
        {
            return new ConsistentHashLoadBalancer(hash, endpoints.Select(e => e.ToString()).ToList(), random);
        }

        return settings?.Simple switch
        {
            SimpleLB.LeastRequest or SimpleLB.LeastConn => new LeastRequestLoadBalancer(count, random),
            SimpleLB.Random => new RandomLoadBalancer(count, random),
            SimpleLB.Passthrough => new PassthroughLoadBalancer(count),
            _ => new RoundRobinLoadBalancer(count, random),
        };
    }
}
