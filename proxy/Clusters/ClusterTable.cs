using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>Every upstream cluster compiled from one snapshot, sorted by key, with value equality.</summary>
public sealed record ClusterTable(ValueMap<ClusterKey, Cluster> Clusters)
{
    public static ClusterTable Empty { get; } = From([]);

    public static ClusterTable From(IEnumerable<Cluster> clusters) =>
        new(new ValueMap<ClusterKey, Cluster>(
            ImmutableSortedDictionary.CreateRange(ClusterKeyComparer.Instance, clusters.Select(c => KeyValuePair.Create(c.Key, c)))));

    public bool TryGet(ClusterKey key, [MaybeNullWhen(false)] out Cluster cluster) =>
        Clusters.Items.TryGetValue(key, out cluster);
}
