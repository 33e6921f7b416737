using System.Collections.Frozen;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>
/// Passive outlier detection for every cluster with an <c>outlierDetection</c> policy. The forwarding path reports each
/// attempt's outcome; after a run of consecutive failures an endpoint is ejected (hidden from its cluster's balancer)
/// for baseEjectionTime × the number of ejections in a row, within maxEjectionPercent, and comes back when that time
/// has passed. State is keyed by cluster and endpoint address, so it survives reloads that keep the endpoint, and is
/// dropped with the endpoint or the policy. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class OutlierDetector : IDisposable
{
    private readonly Lock _syncLock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterResilienceMetrics _metrics;
    private volatile FrozenDictionary<ClusterKey, ClusterOutliers> _clusters = FrozenDictionary<ClusterKey, ClusterOutliers>.Empty;

    public OutlierDetector(TimeProvider? time = null, ILogger<OutlierDetector>? logger = null, ClusterResilienceMetrics? metrics = null)
    {
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<OutlierDetector>.Instance;
        _metrics = metrics ?? ClusterResilienceMetrics.Shared;
    }

    /// <summary>The clock of ejections, shared with the other per-cluster protections that measure time (the retry budget's interval).</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// Takes in a new cluster table. Returns the balancer health view of every cluster that has outlier detection; a
    /// cluster whose endpoints did not change gets the same view object as before.
    /// </summary>
    public IReadOnlyDictionary<ClusterKey, OutlierHealthView> Sync(ClusterTable table)
    {
        lock (_syncLock)
        {
            var previous = _clusters;
            var clusters = new Dictionary<ClusterKey, ClusterOutliers>();
            var views = new Dictionary<ClusterKey, OutlierHealthView>();
            foreach (var (key, cluster) in table.Clusters)
            {
                if (OutlierPolicy.From(cluster.Policy.OutlierDetection) is not { } policy)
                {
                    continue;
                }

                var outliers = previous.TryGetValue(key, out var kept) ? kept : new ClusterOutliers(key, policy, _time, _logger, _metrics);
                clusters[key] = outliers;
                views[key] = outliers.Sync(cluster, policy);
            }

            foreach (var (key, outliers) in previous)
            {
                if (!clusters.ContainsKey(key))
                {
                    outliers.Dispose();
                }
            }

            _clusters = clusters.ToFrozenDictionary();
            return views;
        }
    }

    /// <summary>Counts the outcome of one attempt to <paramref name="endpoint"/> of <paramref name="cluster"/>; may eject it.</summary>
    public void Report(ClusterKey cluster, Endpoint endpoint, AttemptOutcome outcome)
    {
        if (_clusters.TryGetValue(cluster, out var outliers))
        {
            outliers.Report(endpoint, outcome);
        }
    }

    public bool IsEjected(ClusterKey cluster, Endpoint endpoint) =>
        _clusters.TryGetValue(cluster, out var outliers) && outliers.IsEjected(endpoint);

    /// <summary>When an ejected endpoint returns to service; null when it is not ejected.</summary>
    public DateTimeOffset? ReturnTime(ClusterKey cluster, Endpoint endpoint) =>
        _clusters.TryGetValue(cluster, out var outliers) ? outliers.ReturnTime(endpoint) : null;

    /// <summary>The outlier state of every tracked endpoint, by cluster, for the admin view.</summary>
    public IReadOnlyList<EndpointOutlierStatus> Snapshot() =>
        [.. _clusters.Values.SelectMany(c => c.Snapshot())];

    public void Dispose()
    {
        lock (_syncLock)
        {
            foreach (var outliers in _clusters.Values)
            {
                outliers.Dispose();
            }

            _clusters = FrozenDictionary<ClusterKey, ClusterOutliers>.Empty;
        }
    }
}
