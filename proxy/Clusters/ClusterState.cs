using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// The live clusters and their balancers. <see cref="Update"/> builds a new immutable map and swaps it in, keeping
/// the balancer (and its round-robin position and in-flight counts) of every cluster whose endpoints and
/// load-balancer settings are unchanged. A lookup is one volatile read and a frozen-dictionary probe.
/// </summary>
public sealed class ClusterState(LoadBalancerFactory factory)
{
    private readonly Lock _updateLock = new();
    private volatile ClusterSet _current = ClusterSet.Empty;

    public ClusterState()
        : this(LoadBalancerFactory.Shared)
    {
    }

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
            var reused = 0;
            var entries = new Dictionary<ClusterKey, ClusterEntry>(table.Clusters.Count);
            foreach (var (key, cluster) in table.Clusters)
            {
                if (previous.TryGetValue(key, out var old) && CanKeepBalancer(old.Cluster, cluster))
                {
                    entries[key] = old.Cluster == cluster ? old : new ClusterEntry(cluster, old.LoadBalancer);
                    reused++;
                }
                else
                {
                    entries[key] = new ClusterEntry(cluster, factory.Create(cluster));
                }
            }

            _current = new ClusterSet(table, entries.ToFrozenDictionary());
            return (reused, entries.Count - reused);
        }
    }

    private static bool CanKeepBalancer(Cluster old, Cluster updated) =>
        old.Endpoints == updated.Endpoints && Equals(old.Policy.LoadBalancer, updated.Policy.LoadBalancer);
}
