using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Legacy;

/// <summary>
/// A DestinationPolicy as a v1 TrafficPolicy, with Pilot 0.x's semantics: a simple circuit breaker sets connection
/// limits and always turns outlier detection on, with 0.x's defaults where a field is unset (5 consecutive errors, a
/// 10 s interval, a 30 s sleep window, at most 10 % ejected; at least one host can always be ejected).
/// LEAST_CONN is today's LEAST_REQUEST.
/// </summary>
internal static class DestinationPolicyTranslator
{
    public static TrafficPolicy Translate(DestinationPolicySpec spec) => new()
    {
        LoadBalancer = spec.LoadBalancing?.Name is { } name
            ? new LoadBalancerSettings
            {
                Simple = name switch
                {
                    SimpleLbPolicy.LeastConn => SimpleLB.LeastRequest,
                    SimpleLbPolicy.Random => SimpleLB.Random,
                    _ => SimpleLB.RoundRobin,
                },
            }
            : null,
        ConnectionPool = spec.CircuitBreaker?.SimpleCb is { } pool ? ConnectionPool(pool) : null,
        OutlierDetection = spec.CircuitBreaker?.SimpleCb is { } cb
            ? new OutlierDetection
            {
                Consecutive5xxErrors = Positive(cb.HttpConsecutiveErrors) ?? 5,
                Interval = cb.HttpDetectionInterval ?? MeshDuration.Parse("10s"),
                BaseEjectionTime = cb.SleepWindow ?? MeshDuration.Parse("30s"),
                MaxEjectionPercent = Positive(cb.HttpMaxEjectionPercent) ?? 10,
            }
            : null,
    };

    private static ConnectionPoolSettings? ConnectionPool(SimpleCircuitBreakerPolicy cb)
    {
        var tcp = Positive(cb.MaxConnections) is { } connections ? new TcpSettings { MaxConnections = connections } : null;
        var http = new HttpSettings
        {
            Http1MaxPendingRequests = Positive(cb.HttpMaxPendingRequests),
            Http2MaxRequests = Positive(cb.HttpMaxRequests),
            MaxRequestsPerConnection = Positive(cb.HttpMaxRequestsPerConnection),
            MaxRetries = Positive(cb.HttpMaxRetries),
        };
        var hasHttp = http != new HttpSettings();
        return tcp is null && !hasHttp ? null : new ConnectionPoolSettings { Tcp = tcp, Http = hasHttp ? http : null };
    }

    /// <summary>0.x read 0 as "unset" (proto3 scalars); so does this.</summary>
    private static int? Positive(int? value) => value is > 0 ? value : null;
}
