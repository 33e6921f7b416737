using System.Collections.Concurrent;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// The destination service of a call as Istio labels it: <c>destination_service</c> (the FQDN,
/// <c>reviews.default.svc.cluster.local</c>), <c>destination_service_name</c> and <c>destination_service_namespace</c>.
/// Interned by host, so the hot path finds it once per cluster and compares it by reference.
/// </summary>
/// <remarks>
/// A request's host is the compiled route's string, the same object on every request of that route; each thread
/// remembers the last host it looked up (by reference) and its service, so consecutive requests of one route skip
/// hashing the host. Two thread-static fields: nothing allocated, nothing shared between threads.
/// </remarks>
public sealed record ServiceInfo(string Host, string Name, string Namespace)
{
    private const int MaxInterned = 4096;
    private static readonly ConcurrentDictionary<string, ServiceInfo> ByHost = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static string? _lastHost;

    [ThreadStatic]
    private static ServiceInfo? _lastService;

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

        if (ReferenceEquals(host, _lastHost))
        {
            return _lastService!;
        }

        var service = Lookup(host);
        _lastService = service; // before the host: the pair is read only when the host matches
        _lastHost = host;
        return service;
    }

    private static ServiceInfo Lookup(string host)
    {
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
