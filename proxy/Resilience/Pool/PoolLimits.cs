using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// The request limits of a DestinationRule <c>connectionPool</c>, unset ones unlimited (Istio's default is 2^32-1).
/// </summary>
public sealed record PoolLimits
{
    public const int Unlimited = int.MaxValue;

    public static PoolLimits None { get; } = new();

    /// <summary><c>http.http2MaxRequests</c>: requests in flight to the cluster at once (Istio applies it to HTTP/1.1 too).</summary>
    public int MaxRequests { get; init; } = Unlimited;

    /// <summary><c>http.http1MaxPendingRequests</c>: requests waiting for a connection once <see cref="MaxConnections"/> are busy.</summary>
    public int MaxPendingRequests { get; init; } = Unlimited;

    /// <summary><c>tcp.maxConnections</c>: connections to the cluster (all its endpoints together).</summary>
    public int MaxConnections { get; init; } = Unlimited;

    /// <summary><c>http.maxRetries</c>: retries in flight to the cluster at once (used when there is no retry budget).</summary>
    public int MaxRetries { get; init; } = Unlimited;

    public static PoolLimits From(ConnectionPoolSettings? pool) => pool is null ? None : new PoolLimits
    {
        MaxRequests = pool.Http?.Http2MaxRequests ?? Unlimited,
        MaxPendingRequests = pool.Http?.Http1MaxPendingRequests ?? Unlimited,
        MaxConnections = pool.Tcp?.MaxConnections ?? Unlimited,
        MaxRetries = pool.Http?.MaxRetries ?? Unlimited,
    };

    /// <summary>
    /// How many requests may be in flight before one more would wait beyond the pending limit: the cluster's
    /// connections busy (one HTTP/1.1 request each), plus the pending queue. Unlimited unless
    /// <see cref="MaxConnections"/> is set, because without a connection cap nothing ever waits for a connection.
    /// </summary>
    public long ConnectionCapacity =>
        MaxConnections == Unlimited || MaxPendingRequests == Unlimited
            ? long.MaxValue
            : (long)MaxConnections + MaxPendingRequests;
}
