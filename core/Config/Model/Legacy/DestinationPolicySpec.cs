using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model.Legacy;

/// <summary>
/// The spec of an Istio 0.x <c>DestinationPolicy</c> (<c>config.istio.io/v1alpha2</c>): load balancing and circuit
/// breaking for a destination, or for one version of it (the destination's labels, matched exactly).
/// </summary>
public sealed record DestinationPolicySpec
{
    public IstioService? Destination { get; init; }

    public IstioService? Source { get; init; }

    public LegacyLoadBalancing? LoadBalancing { get; init; }

    public CircuitBreaker? CircuitBreaker { get; init; }
}

/// <summary>Istio 0.x's <c>LoadBalancing</c>: a policy by name.</summary>
public sealed record LegacyLoadBalancing
{
    public SimpleLbPolicy? Name { get; init; }
}

/// <summary>Istio 0.x's <c>LoadBalancing.SimpleLBPolicy</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<SimpleLbPolicy>))]
public enum SimpleLbPolicy
{
    RoundRobin = 0,
    LeastConn = 1,
    Random = 2,
}

/// <summary>Istio 0.x's <c>CircuitBreaker</c>: the simple circuit breaker.</summary>
public sealed record CircuitBreaker
{
    public SimpleCircuitBreakerPolicy? SimpleCb { get; init; }
}

/// <summary>Istio 0.x's <c>CircuitBreaker.SimpleCircuitBreakerPolicy</c>: connection limits and ejection of failing hosts.</summary>
public sealed record SimpleCircuitBreakerPolicy
{
    public int? MaxConnections { get; init; }

    public int? HttpMaxPendingRequests { get; init; }

    public int? HttpMaxRequests { get; init; }

    /// <summary>How long an ejected host stays out (Envoy's base ejection time).</summary>
    public MeshDuration? SleepWindow { get; init; }

    public int? HttpConsecutiveErrors { get; init; }

    public MeshDuration? HttpDetectionInterval { get; init; }

    public int? HttpMaxRequestsPerConnection { get; init; }

    public int? HttpMaxEjectionPercent { get; init; }

    public int? HttpMaxRetries { get; init; }
}

/// <summary>An Istio 0.x <c>DestinationPolicy</c> (<c>config.istio.io/v1alpha2</c>).</summary>
public sealed record DestinationPolicy : ConfigResource<DestinationPolicySpec>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Kind => ResourceKinds.DestinationPolicy;
}
