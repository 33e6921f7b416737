using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Legacy;

/// <summary>
/// The spec of an Istio 0.x <c>RouteRule</c> (<c>config.istio.io/v1alpha2</c>, <c>istio.routing.v1alpha1</c>):
/// how requests to one destination service are routed. Rules for the same destination apply in order of
/// <see cref="Precedence"/>, highest first.
/// </summary>
public sealed record RouteRuleSpec
{
    public IstioService? Destination { get; init; }

    public int? Precedence { get; init; }

    public MatchCondition? Match { get; init; }

    public ValueList<DestinationWeight> Route { get; init; }

    public LegacyRedirect? Redirect { get; init; }

    public LegacyRewrite? Rewrite { get; init; }

    /// <summary>Accepted and ignored: WebSocket upgrades are always allowed today.</summary>
    public bool? WebsocketUpgrade { get; init; }

    public HttpTimeout? HttpReqTimeout { get; init; }

    public LegacyRetry? HttpReqRetries { get; init; }

    public LegacyFault? HttpFault { get; init; }

    public L4FaultInjection? L4Fault { get; init; }

    public IstioService? Mirror { get; init; }

    public LegacyCorsPolicy? CorsPolicy { get; init; }

    public ValueMap<string, string> AppendHeaders { get; init; }
}

/// <summary>
/// Istio 0.x's <c>IstioService</c>: a service by short <c>name</c> (with optional <c>namespace</c> and
/// <c>domain</c>) or by fully qualified <c>service</c>, and optionally the instance labels of a version.
/// </summary>
public sealed record IstioService
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Domain { get; init; }

    public string? Service { get; init; }

    public ValueMap<string, string> Labels { get; init; }
}

/// <summary>Istio 0.x's <c>MatchCondition</c>: the calling service, L4 attributes and request headers.</summary>
public sealed record MatchCondition
{
    public IstioService? Source { get; init; }

    public LegacyL4MatchAttributes? Tcp { get; init; }

    public LegacyL4MatchAttributes? Udp { get; init; }

    public MatchRequest? Request { get; init; }
}

/// <summary>Istio 0.x's <c>MatchRequest</c>: header matches; <c>uri</c>, <c>method</c>, <c>authority</c> and <c>scheme</c> name the request line.</summary>
public sealed record MatchRequest
{
    public ValueMap<string, LegacyStringMatch> Headers { get; init; }
}

/// <summary>Istio 0.x's <c>StringMatch</c>: exact, prefix or regex.</summary>
public sealed record LegacyStringMatch
{
    public string? Exact { get; init; }

    public string? Prefix { get; init; }

    public string? Regex { get; init; }
}

/// <summary>Istio 0.x's <c>DestinationWeight</c>: a version (instance labels) of the destination, or another service, and its weight.</summary>
public sealed record DestinationWeight
{
    public IstioService? Destination { get; init; }

    public ValueMap<string, string> Labels { get; init; }

    public int? Weight { get; init; }
}

/// <summary>Istio 0.x's <c>L4MatchAttributes</c>: source and destination subnets.</summary>
public sealed record LegacyL4MatchAttributes
{
    public ValueList<string> SourceSubnet { get; init; }

    public ValueList<string> DestinationSubnet { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPRedirect</c>.</summary>
public sealed record LegacyRedirect
{
    public string? Uri { get; init; }

    public string? Authority { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPRewrite</c>.</summary>
public sealed record LegacyRewrite
{
    public string? Uri { get; init; }

    public string? Authority { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPTimeout</c>: a simple timeout (custom policies are not supported).</summary>
public sealed record HttpTimeout
{
    public SimpleTimeoutPolicy? SimpleTimeout { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPTimeout.SimpleTimeoutPolicy</c>.</summary>
public sealed record SimpleTimeoutPolicy
{
    public MeshDuration? Timeout { get; init; }

    public string? OverrideHeaderName { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPRetry</c>: a simple retry policy.</summary>
public sealed record LegacyRetry
{
    public SimpleRetryPolicy? SimpleRetry { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPRetry.SimpleRetryPolicy</c>.</summary>
public sealed record SimpleRetryPolicy
{
    public int? Attempts { get; init; }

    public MeshDuration? PerTryTimeout { get; init; }

    public string? OverrideHeaderName { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPFaultInjection</c>.</summary>
public sealed record LegacyFault
{
    public LegacyDelay? Delay { get; init; }

    public LegacyAbort? Abort { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPFaultInjection.Delay</c>: <c>percent</c> is a float, 0 to 100.</summary>
public sealed record LegacyDelay
{
    public double? Percent { get; init; }

    public MeshDuration? FixedDelay { get; init; }

    public MeshDuration? ExponentialDelay { get; init; }

    public string? OverrideHeaderName { get; init; }
}

/// <summary>Istio 0.x's <c>HTTPFaultInjection.Abort</c>.</summary>
public sealed record LegacyAbort
{
    public double? Percent { get; init; }

    public int? HttpStatus { get; init; }

    public string? GrpcStatus { get; init; }

    public string? Http2Error { get; init; }

    public string? OverrideHeaderName { get; init; }
}

/// <summary>Istio 0.x's <c>L4FaultInjection</c>: read so that validation can say it is not supported.</summary>
public sealed record L4FaultInjection
{
    public L4Throttle? Throttle { get; init; }

    public L4Terminate? Terminate { get; init; }
}

/// <summary>Istio 0.x's <c>L4FaultInjection.Throttle</c>.</summary>
public sealed record L4Throttle
{
    public double? Percent { get; init; }

    public long? DownstreamLimitBps { get; init; }

    public long? UpstreamLimitBps { get; init; }

    public MeshDuration? ThrottleAfterPeriod { get; init; }

    public double? ThrottleAfterBytes { get; init; }

    public MeshDuration? ThrottleForPeriod { get; init; }
}

/// <summary>Istio 0.x's <c>L4FaultInjection.Terminate</c>.</summary>
public sealed record L4Terminate
{
    public double? Percent { get; init; }

    public MeshDuration? TerminateAfterPeriod { get; init; }
}

/// <summary>Istio 0.x's <c>CorsPolicy</c>.</summary>
public sealed record LegacyCorsPolicy
{
    public ValueList<string> AllowOrigin { get; init; }

    public ValueList<string> AllowMethods { get; init; }

    public ValueList<string> AllowHeaders { get; init; }

    public ValueList<string> ExposeHeaders { get; init; }

    public MeshDuration? MaxAge { get; init; }

    public bool? AllowCredentials { get; init; }
}

/// <summary>An Istio 0.x <c>RouteRule</c> (<c>config.istio.io/v1alpha2</c>).</summary>
public sealed record RouteRule : ConfigResource<RouteRuleSpec>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public override string Kind => ResourceKinds.RouteRule;
}
