using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// What an upstream <see cref="HttpMessageInvoker"/> is built from. Clusters whose connection-pool settings give equal
/// values share one client, and a reload that leaves them equal keeps it (and its pooled connections).
/// </summary>
public sealed record UpstreamClientSettings
{
    /// <summary><c>tcp.connectTimeout</c>, else the proxy's default.</summary>
    public TimeSpan ConnectTimeout { get; init; }

    /// <summary><c>http.idleTimeout</c>, else the proxy's default.</summary>
    public TimeSpan IdleTimeout { get; init; }

    /// <summary><c>tcp.maxConnectionDuration</c>, else 10 minutes.</summary>
    public TimeSpan ConnectionLifetime { get; init; } = DefaultConnectionLifetime;

    /// <summary>
    /// <c>tcp.maxConnections</c>: connections to all endpoints of <see cref="Cluster"/> together
    /// (<see cref="ClusterConnectionGate"/>), as Envoy counts them; unlimited when unset.
    /// </summary>
    public int MaxConnections { get; init; } = int.MaxValue;

    /// <summary>
    /// The cluster whose connections <see cref="MaxConnections"/> counts, set when it is capped: such a cluster gets a
    /// client (and a count) of its own instead of sharing one with clusters of equal settings.
    /// </summary>
    public ClusterKey? Cluster { get; init; }

    /// <summary>
    /// <c>http.maxRequestsPerConnection</c>: how many requests one HTTP/1.1 connection carries before it is closed
    /// (<see cref="RequestsPerConnection"/>); 0 is unlimited, 1 turns keep-alive off.
    /// </summary>
    public int MaxRequestsPerConnection { get; init; }

    /// <summary>
    /// The SPIFFE IDs an mTLS server may present, sorted; empty for a client that never originates mTLS. A client is
    /// built per distinct set because its certificate check is fixed when its handler is built.
    /// </summary>
    public ValueList<string> ServerIdentities { get; init; }

    public static TimeSpan DefaultConnectionLifetime { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The settings of the proxy's shared client.</summary>
    public static UpstreamClientSettings Default(MeshForwardingOptions options) => new()
    {
        ConnectTimeout = options.ConnectTimeout,
        IdleTimeout = options.PooledConnectionIdleTimeout,
    };

    /// <summary>
    /// The settings a cluster's <c>connectionPool</c> asks for, or null when it sets nothing that shapes the client (the
    /// cluster then uses the proxy's shared client).
    /// </summary>
    public static UpstreamClientSettings? From(ConnectionPoolSettings? pool, MeshForwardingOptions options)
    {
        var tcp = pool?.Tcp;
        var http = pool?.Http;
        if (tcp?.ConnectTimeout is null && tcp?.MaxConnections is null && tcp?.MaxConnectionDuration is null &&
            http?.IdleTimeout is null && http?.MaxRequestsPerConnection is null or 0)
        {
            return null;
        }

        return Default(options) with
        {
            ConnectTimeout = tcp?.ConnectTimeout?.Value ?? options.ConnectTimeout,
            IdleTimeout = http?.IdleTimeout?.Value ?? options.PooledConnectionIdleTimeout,
            ConnectionLifetime = tcp?.MaxConnectionDuration?.Value ?? DefaultConnectionLifetime,
            MaxConnections = tcp?.MaxConnections ?? int.MaxValue,
            MaxRequestsPerConnection = http?.MaxRequestsPerConnection ?? 0,
        };
    }
}
