using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;
namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>ConnectionPoolSettings</c>: TCP and HTTP connection limits (the circuit breaker).</summary>
public sealed record ConnectionPoolSettings
{
    public TcpSettings? Tcp { get; init; }

    public HttpSettings? Http { get; init; }
}

/// <summary>Istio's <c>ConnectionPoolSettings.TCPSettings</c>.</summary>
public sealed record TcpSettings
{
    public int? MaxConnections { get; init; }

    public MeshDuration? ConnectTimeout { get; init; }

    public TcpKeepalive? TcpKeepalive { get; init; }

    public MeshDuration? MaxConnectionDuration { get; init; }

    public MeshDuration? IdleTimeout { get; init; }
}

/// <summary>Istio's <c>TCPSettings.TcpKeepalive</c>: SO_KEEPALIVE probes.</summary>
public sealed record TcpKeepalive
{
    public int? Probes { get; init; }

    public MeshDuration? Time { get; init; }

    public MeshDuration? Interval { get; init; }
}

/// <summary>Istio's <c>ConnectionPoolSettings.HTTPSettings</c>.</summary>
public sealed record HttpSettings
{
    public int? Http1MaxPendingRequests { get; init; }

    public int? Http2MaxRequests { get; init; }

    public int? MaxRequestsPerConnection { get; init; }

    public int? MaxRetries { get; init; }

    public MeshDuration? IdleTimeout { get; init; }

    public H2UpgradePolicy? H2UpgradePolicy { get; init; }

    public bool? UseClientProtocol { get; init; }

    public int? MaxConcurrentStreams { get; init; }

    public ConnectionKeepalive? Http2KeepAlive { get; init; }
}

/// <summary>Istio's <c>HTTPSettings.H2UpgradePolicy</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<H2UpgradePolicy>))]
public enum H2UpgradePolicy
{
    Default = 0,
    DoNotUpgrade = 1,
    Upgrade = 2,
}

/// <summary>Istio's <c>HTTPSettings.ConnectionKeepalive</c>: HTTP/2 PING keepalive.</summary>
public sealed record ConnectionKeepalive
{
    public MeshDuration? Interval { get; init; }

    public MeshDuration? Timeout { get; init; }
}
