using System.Collections.Concurrent;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// The destination service of a call as Istio labels it: <c>destination_service</c> (the FQDN,
/// <c>reviews.default.svc.cluster.local</c>), <c>destination_service_name</c> and <c>destination_service_namespace</c>.
/// Interned by host, so the hot path finds it once per cluster and compares it by reference.
/// </summary>
public sealed record ServiceInfo(string Host, string Name, string Namespace)
{
    private const int MaxInterned = 4096;
    private static readonly ConcurrentDictionary<string, ServiceInfo> ByHost = new(StringComparer.Ordinal);

    public const string PassthroughClusterName = "PassthroughCluster";
    public const string BlackHoleClusterName = "BlackHoleCluster";

    public static ServiceInfo Unknown { get; } = new(WorkloadInfo.Unknown, WorkloadInfo.Unknown, WorkloadInfo.Unknown);

    /// <summary>A call to a host outside the registry let through under <c>ALLOW_ANY</c> (Istio names it after the cluster).</summary>
    public static ServiceInfo Passthrough { get; } = new(PassthroughClusterName, PassthroughClusterName, WorkloadInfo.Unknown);

    /// <summary>A call to a host outside the registry refused under <c>REGISTRY_ONLY</c>.</summary>
    public static ServiceInfo BlackHole { get; } = new(BlackHoleClusterName, BlackHoleClusterName, WorkloadInfo.Unknown);

    /// <summary>The service for a host: <c>name.namespace.svc.cluster.local</c> splits into name and namespace; any other host is its own name.</summary>
    public static ServiceInfo ForHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return Unknown;
        }

        if (ByHost.TryGetValue(host, out var known))
        {
            return known;
        }

        var info = Create(host);
        return ByHost.Count < MaxInterned ? ByHost.GetOrAdd(host, info) : info;
    }

    private static ServiceInfo Create(string host)
    {
        var clean = WorkloadInfo.Clean(host);
        var parts = clean.Split('.');
        return parts.Length >= 3 && parts[2] == "svc"
            ? new ServiceInfo(clean, parts[0], parts[1])
            : new ServiceInfo(clean, clean, WorkloadInfo.Unknown);
    }
}
