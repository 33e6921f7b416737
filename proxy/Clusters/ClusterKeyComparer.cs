using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>Orders cluster keys by host, then subset (none first), then port (none first), ordinally; keeps tables deterministic.</summary>
public sealed class ClusterKeyComparer : IComparer<ClusterKey>
{
    public static ClusterKeyComparer Instance { get; } = new();

    public int Compare(ClusterKey x, ClusterKey y)
    {
        var byHost = string.CompareOrdinal(x.Host, y.Host);
        if (byHost != 0)
        {
            return byHost;
        }

        var bySubset = string.CompareOrdinal(x.Subset, y.Subset);
        return bySubset != 0 ? bySubset : Nullable.Compare(x.Port, y.Port);
    }
}
