using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// One immutable generation of live clusters with their balancers, as <see cref="ClusterState.Update"/> built it.
/// A request holds one generation from start to end, together with the routes compiled from the same snapshot.
/// </summary>
public sealed class ClusterSet
{
    private readonly FrozenDictionary<ClusterKey, ClusterEntry> _entries;

    internal ClusterSet(ClusterTable table, FrozenDictionary<ClusterKey, ClusterEntry> entries)
    {
        Table = table;
        _entries = entries;
    }

    public static ClusterSet Empty { get; } = new(ClusterTable.Empty, FrozenDictionary<ClusterKey, ClusterEntry>.Empty);

    public ClusterTable Table { get; }

    internal FrozenDictionary<ClusterKey, ClusterEntry> Entries => _entries;

    public bool TryGet(ClusterKey key, [MaybeNullWhen(false)] out ClusterEntry entry) => _entries.TryGetValue(key, out entry);

    /// <summary>The cluster a destination names; a destination port without its own port-level cluster uses the host's.</summary>
    public bool TryFind(ClusterKey key, [MaybeNullWhen(false)] out ClusterEntry entry) =>
        TryGet(key, out entry) || (key.Port is not null && TryGet(key with { Port = null }, out entry));
}
