namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// Why a request ended as it did, in Envoy's vocabulary (<c>%RESPONSE_FLAGS%</c>, Istio's <c>response_flags</c> label).
/// Each flag is set by the step that detects its condition, at the source, never reconstructed afterwards.
/// </summary>
[Flags]
public enum ResponseFlags
{
    None = 0,

    /// <summary>NR: no route matched (404), or an outbound host refused under REGISTRY_ONLY.</summary>
    NoRoute = 1 << 0,

    /// <summary>NC: the route names a cluster this proxy does not have.</summary>
    NoClusterFound = 1 << 1,

    /// <summary>UH: the cluster has no healthy endpoint (503).</summary>
    NoHealthyUpstream = 1 << 2,

    /// <summary>UO: a connection-pool limit or circuit breaker refused the request (503).</summary>
    UpstreamOverflow = 1 << 3,

    /// <summary>UF: the upstream connection could not be opened (503), mTLS included.</summary>
    UpstreamConnectionFailure = 1 << 4,

    /// <summary>UC: the upstream connection ended mid-exchange (502).</summary>
    UpstreamConnectionTermination = 1 << 5,

    /// <summary>UT: the route's timeout or per-try timeout passed (504).</summary>
    UpstreamRequestTimeout = 1 << 6,

    /// <summary>SI: the stream was idle longer than the activity timeout.</summary>
    StreamIdleTimeout = 1 << 7,

    /// <summary>URX: retries were made and the last attempt still failed.</summary>
    UpstreamRetryLimitExceeded = 1 << 8,

    /// <summary>DC: the client went away before the response was complete.</summary>
    DownstreamConnectionTermination = 1 << 9,

    /// <summary>DI: a fault delay was injected.</summary>
    DelayInjected = 1 << 10,

    /// <summary>FI: a fault abort was injected.</summary>
    FaultInjected = 1 << 11,

    /// <summary>RL: rate limited or out of quota (429).</summary>
    RateLimited = 1 << 12,

    /// <summary>UAEX: an external authorizer (CUSTOM, Mixer check) denied the request.</summary>
    UnauthorizedExternalService = 1 << 13,

    /// <summary>RBAC: an AuthorizationPolicy denied the request (403).</summary>
    RbacAccessDenied = 1 << 14,

    /// <summary>DPE: the client's request was malformed.</summary>
    DownstreamProtocolError = 1 << 15,
}
