using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security;

/// <summary>
/// Istio's "oldest wins" order for several policies at one level. Istio sorts by <c>creationTimestamp</c>, then name and
/// namespace. The store keeps no creation time, so the age here is the store revision that last wrote the resource
/// (<c>metadata.resourceVersion</c>, lower is older; a resource never stored counts as newest), then name, then namespace.
/// </summary>
public static class PolicyOrder
{
    public static IComparer<ConfigResource> Oldest { get; } = Comparer<ConfigResource>.Create(Compare);

    private static int Compare(ConfigResource? x, ConfigResource? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byAge = Age(x).CompareTo(Age(y));
        if (byAge != 0)
        {
            return byAge;
        }

        var byName = string.CompareOrdinal(x.Metadata.Name, y.Metadata.Name);
        return byName != 0 ? byName : string.CompareOrdinal(x.Metadata.Namespace, y.Metadata.Namespace);
    }

    private static long Age(ConfigResource resource) =>
        long.TryParse(resource.Metadata.ResourceVersion, out var revision) && revision >= 0 ? revision : long.MaxValue;
}
