using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience.Budget;
using GatewayMesh.Proxy.Resilience.Load;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Builds each cluster generation's <see cref="ClusterResilience"/> from a new cluster table, keeping what did not
/// change: outlier state per endpoint, in-flight counters per cluster, limiters whose limits are equal, upstream clients
/// whose settings are equal. <see cref="Sync"/> runs under <c>ClusterState</c>'s update lock, off the request path.
/// </summary>
public sealed class ClusterResilienceRegistry : IDisposable
{
    private readonly ILogger _logger;
    private readonly ClusterResilienceMetrics _metrics;
    private Dictionary<ClusterKey, ClusterLoad> _loads = [];
    private volatile Dictionary<ClusterKey, ClusterResilience> _current = [];

    public ClusterResilienceRegistry(
        OutlierDetector? outliers = null,
        UpstreamClientCache? clients = null,
        ClusterResilienceMetrics? metrics = null,
        ILogger<ClusterResilienceRegistry>? logger = null)
    {
        _metrics = metrics ?? ClusterResilienceMetrics.Shared;
        Outliers = outliers ?? new OutlierDetector(metrics: _metrics);
        Clients = clients;
        _logger = logger ?? NullLogger<ClusterResilienceRegistry>.Instance;
    }

    public OutlierDetector Outliers { get; }

    /// <summary>Per-cluster upstream clients; null when the host gives none (every cluster then uses the shared client).</summary>
    public UpstreamClientCache? Clients { get; }

    /// <summary>The protections of the cluster in the newest table; a dictionary published whole, never changed after.</summary>
    public bool TryGet(ClusterKey cluster, [MaybeNullWhen(false)] out ClusterResilience resilience) =>
        _current.TryGetValue(cluster, out resilience);

    /// <summary>The protections of every cluster in <paramref name="table"/>; an unchanged cluster gets the same object as before.</summary>
    public IReadOnlyDictionary<ClusterKey, ClusterResilience> Sync(ClusterTable table)
    {
        var health = Outliers.Sync(table);
        var invokers = Clients?.Sync(table);
        var loads = new Dictionary<ClusterKey, ClusterLoad>(table.Clusters.Count);
        var current = new Dictionary<ClusterKey, ClusterResilience>(table.Clusters.Count);
        foreach (var (key, cluster) in table.Clusters)
        {
            var load = _loads.TryGetValue(key, out var kept) ? kept : new ClusterLoad();
            loads[key] = load;
            _current.TryGetValue(key, out var previous);

            var limits = PoolLimits.From(cluster.Policy.ConnectionPool);
            var pool = previous?.Pool is { } p && p.Limits == limits && p.Endpoints == cluster.Endpoints.Count
                ? p
                : new ConnectionPoolLimiter(key, limits, cluster.Endpoints.Count, load, _metrics, _logger);
            var budget = RetryBudgetPolicy.From(cluster.Policy.RetryBudget);
            load.Window = budget?.Interval is not { } interval ? null
                : load.Window?.Interval == interval ? load.Window
                : new RequestWindow(interval, Outliers.Time);
            var retries = previous?.Retries is { } r && r.Enforces(budget, limits.MaxRetries)
                ? r
                : new RetryLimiter(key, budget, limits.MaxRetries, load, _metrics, _logger);
            var outliers = health.GetValueOrDefault(key);
            var built = new ClusterResilience(
                (EndpointHealth?)outliers ?? EndpointHealth.AllHealthy, outliers, pool, retries, invokers?.GetValueOrDefault(key))
            {
                Tls = Clients?.Tls,
            };
            current[key] = previous == built ? previous : built;
        }

        _loads = loads;
        _current = current;
        return current;
    }

    public void Dispose()
    {
        Outliers.Dispose();
        Clients?.Dispose();
    }
}
