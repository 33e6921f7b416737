using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>HTTPRoute</c>: match conditions and what to do with matching HTTP requests.</summary>
public sealed record HttpRoute
{
    public string? Name { get; init; }

    public ValueList<HttpMatchRequest> Match { get; init; }

    public ValueList<HttpRouteDestination> Route { get; init; }

    public HttpRedirect? Redirect { get; init; }

    public HttpDirectResponse? DirectResponse { get; init; }

    public HttpRouteDelegate? Delegate { get; init; }

    public HttpRewrite? Rewrite { get; init; }

    public MeshDuration? Timeout { get; init; }

    public HttpRetry? Retries { get; init; }

    public HttpFaultInjection? Fault { get; init; }

    public Destination? Mirror { get; init; }

    public ValueList<HttpMirrorPolicy> Mirrors { get; init; }

    /// <summary>Deprecated in Istio in favour of <see cref="MirrorPercentage"/>.</summary>
    public int? MirrorPercent { get; init; }

    public Percent? MirrorPercentage { get; init; }

    public CorsPolicy? CorsPolicy { get; init; }

    public Headers? Headers { get; init; }
}

/// <summary>Istio's <c>HTTPRouteDestination</c>: a weighted destination with its own header manipulation.</summary>
public sealed record HttpRouteDestination
{
    public Destination? Destination { get; init; }

    public int? Weight { get; init; }

    public Headers? Headers { get; init; }
}

/// <summary>Istio's <c>Delegate</c>: hands routing to another VirtualService by name and namespace.</summary>
public sealed record HttpRouteDelegate
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }
}

/// <summary>Istio's <c>HTTPMirrorPolicy</c>: a destination that receives a copy of a share of the traffic.</summary>
public sealed record HttpMirrorPolicy
{
    public Destination? Destination { get; init; }

    public Percent? Percentage { get; init; }
}

/// <summary>Istio's <c>Headers</c>: header changes on the request and on the response.</summary>
public sealed record Headers
{
    public HeaderOperations? Request { get; init; }

    public HeaderOperations? Response { get; init; }
}

/// <summary>Istio's <c>Headers.HeaderOperations</c>: headers to overwrite, append and remove.</summary>
public sealed record HeaderOperations
{
    public ValueMap<string, string> Set { get; init; }

    public ValueMap<string, string> Add { get; init; }

    public ValueList<string> Remove { get; init; }
}
