using GatewayMesh.Proxy.Resilience.Load;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// Enforces a cluster's connection-pool request limits with one lock-free counter: an attempt is admitted while the
/// cluster's in-flight requests stay within <c>http2MaxRequests</c> and within the cluster's <c>maxConnections</c> plus
/// <c>http1MaxPendingRequests</c>; otherwise it fails fast with a <see cref="PoolOverflow"/>. Nothing queues here.
/// Immutable per generation; the counters (<see cref="ClusterLoad"/>) are shared across generations.
/// </summary>
public sealed class ConnectionPoolLimiter
{
    private readonly string _name;
    private readonly long _capacity;
    private readonly ClusterResilienceMetrics _metrics;
    private readonly ILogger _logger;

    public ConnectionPoolLimiter(ClusterKey cluster, PoolLimits limits, int endpoints, ClusterLoad load, ClusterResilienceMetrics metrics, ILogger logger)
    {
        Cluster = cluster;
        Limits = limits;
        Endpoints = endpoints;
        Load = load;
        _name = cluster.ToString();
        _capacity = limits.ConnectionCapacity;
        _metrics = metrics;
        _logger = logger;
    }

    public ClusterKey Cluster { get; }

    public PoolLimits Limits { get; }

    public int Endpoints { get; }

    public ClusterLoad Load { get; }

    /// <summary>
    /// Admits one attempt (dispose <paramref name="lease"/> when it ends), or refuses it: counted, logged, and described
    /// by <paramref name="overflow"/>. Every attempt counts, retries included; the retry budget reads the same count.
    /// </summary>
    public bool TryAcquire(out RequestLease lease, out PoolOverflow overflow)
    {
        var active = Interlocked.Increment(ref Load.ActiveRequestCount);
        if (active <= Limits.MaxRequests && active <= _capacity)
        {
            Load.Window?.Record();
            lease = new RequestLease(Load);
            overflow = default;
            return true;
        }

        Interlocked.Decrement(ref Load.ActiveRequestCount);
        lease = default;
        overflow = active > Limits.MaxRequests
            ? new PoolOverflow(Cluster, PoolLimitKind.Requests, Limits.MaxRequests)
            : new PoolOverflow(Cluster, PoolLimitKind.PendingRequests, Limits.MaxPendingRequests);
        _metrics.Overflow(_name, overflow.LimitName);
        Log.Overflow(_logger, _name, overflow.LimitName, overflow.Limit);
        return false;
    }
}
