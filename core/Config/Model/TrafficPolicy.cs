using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>TrafficPolicy</c>: load balancing, connection pool, outlier detection and TLS for a destination.</summary>
public sealed record TrafficPolicy
{
    public LoadBalancerSettings? LoadBalancer { get; init; }

    public ConnectionPoolSettings? ConnectionPool { get; init; }

    public OutlierDetection? OutlierDetection { get; init; }

    public ClientTlsSettings? Tls { get; init; }

    public ValueList<PortTrafficPolicy> PortLevelSettings { get; init; }

    public TunnelSettings? Tunnel { get; init; }

    public ProxyProtocol? ProxyProtocol { get; init; }

    public RetryBudget? RetryBudget { get; init; }
}

/// <summary>Istio's <c>TrafficPolicy.PortTrafficPolicy</c>: traffic policy overrides for one port of the destination.</summary>
public sealed record PortTrafficPolicy
{
    public PortSelector? Port { get; init; }

    public LoadBalancerSettings? LoadBalancer { get; init; }

    public ConnectionPoolSettings? ConnectionPool { get; init; }

    public OutlierDetection? OutlierDetection { get; init; }

    public ClientTlsSettings? Tls { get; init; }
}

/// <summary>Istio's <c>TrafficPolicy.TunnelSettings</c>: tunnels TCP to the destination through a proxy (CONNECT or POST).</summary>
public sealed record TunnelSettings
{
    public string? Protocol { get; init; }

    public string? TargetHost { get; init; }

    public int? TargetPort { get; init; }
}

/// <summary>Istio's <c>TrafficPolicy.ProxyProtocol</c>: sends a PROXY protocol header upstream.</summary>
public sealed record ProxyProtocol
{
    public ProxyProtocolVersion? Version { get; init; }
}

/// <summary>Istio's <c>TrafficPolicy.ProxyProtocol.VERSION</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<ProxyProtocolVersion>))]
public enum ProxyProtocolVersion
{
    V1 = 0,
    V2 = 1,
}

/// <summary>Istio's <c>TrafficPolicy.RetryBudget</c>: caps concurrent retries as a share of active requests.</summary>
public sealed record RetryBudget
{
    /// <summary>Share of active requests that may be retries, 0 to 100 (a plain number in YAML).</summary>
    public double? Percent { get; init; }

    public int? MinRetryConcurrency { get; init; }

    public MeshDuration? BudgetInterval { get; init; }
}
