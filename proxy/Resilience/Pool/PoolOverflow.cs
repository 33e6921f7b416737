using System.Globalization;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>Which connection-pool limit refused a request.</summary>
public enum PoolLimitKind
{
    /// <summary><c>http.http2MaxRequests</c>.</summary>
    Requests = 0,

    /// <summary><c>http.http1MaxPendingRequests</c> (with <c>tcp.maxConnections</c>).</summary>
    PendingRequests = 1,
}

/// <summary>
/// A request refused by a connection-pool limit. The proxy answers it at once with <see cref="StatusCode"/> (503) and
/// <see cref="Message"/>, e.g. <c>upstream overflow: outbound|9080||reviews.default.svc.cluster.local pending requests limit (1) reached</c>.
/// </summary>
public readonly record struct PoolOverflow(ClusterKey Cluster, PoolLimitKind Kind, int Limit)
{
    public const int StatusCode = 503;

    /// <summary>The limit's name as a metric tag and in the message.</summary>
    public string LimitName => Kind == PoolLimitKind.Requests ? "requests" : "pending requests";

    public string Message => string.Create(CultureInfo.InvariantCulture, $"upstream overflow: {Cluster} {LimitName} limit ({Limit}) reached");

    public override string ToString() => Message;
}
