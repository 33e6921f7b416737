using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// The live clusters and their balancers. <see cref="Update"/> builds a new immutable map and swaps it in, keeping
/// the balancer (and its round-robin position and in-flight counts) of every cluster whose endpoints,
/// load-balancer settings and health view are unchanged. The <see cref="ClusterResilienceRegistry"/> gives each cluster
/// its protections (outlier ejection, which the balancer honours through the health view; pool and retry limits;
/// its upstream client) and keeps their state across updates. A lookup is one volatile read and a frozen-dictionary probe.
/// </summary>
public sealed class ClusterState(LoadBalancerFactory factory, ClusterResilienceRegistry resilience)
{
    private readonly Lock _updateLock = new();
    private volatile ClusterSet _current = ClusterSet.Empty;

    public ClusterState()
        : this(LoadBalancerFactory.Shared)
    {
    }

    public ClusterState(LoadBalancerFactory factory)
        : this(factory, new ClusterResilienceRegistry())
    {
    }

    /// <summary>The per-cluster protections: outlier detection (Report, IsEjected, Snapshot), limits and clients.</summary>
    public ClusterResilienceRegistry Resilience => resilience;

    public ClusterTable Table => _current.Table;

    /// <summary>The newest generation.</summary>
    public ClusterSet Current => _current;

    public bool TryGet(ClusterKey key, [MaybeNullWhen(false)] out ClusterEntry entry) => _current.TryGet(key, out entry);

    /// <summary>Swaps in <paramref name="table"/> as the new <see cref="Current"/>; returns how many balancers were kept and how many built.</summary>
    public (int Reused, int Built) Update(ClusterTable table)
    {
        lock (_updateLock)
        {
            var previous = _current.Entries;
            var protections = resilience.Sync(table);
            var reused = 0;
            var entries = new Dictionary<ClusterKey, ClusterEntry>(table.Clusters.Count);
            foreach (var (key, cluster) in table.Clusters)
            {
                var protection = protections[key];
                if (previous.TryGetValue(key, out var old) && CanKeepBalancer(old, cluster, protection))
                {
                    entries[key] = old.Cluster == cluster && old.Resilience == protection
                        ? old
                        : new ClusterEntry(cluster, old.LoadBalancer) { Resilience = protection };
                    reused++;
                }
                else
                {
                    entries[key] = new ClusterEntry(cluster, factory.Create(cluster, protection.Health)) { Resilience = protection };
                }
            }

            _current = new ClusterSet(table, entries.ToFrozenDictionary());
            return (reused, entries.Count - reused);
        }
    }

    private static bool CanKeepBalancer(ClusterEntry old, Cluster updated, ClusterResilience protection) =>
        old.Cluster.Endpoints == updated.Endpoints &&
        Equals(old.Cluster.Locality, updated.Locality) &&
        Equals(old.Cluster.Policy.LoadBalancer, updated.Policy.LoadBalancer) &&
        ReferenceEquals(old.Resilience?.Health, protection.Health);
}
