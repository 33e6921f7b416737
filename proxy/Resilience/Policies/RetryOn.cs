namespace GatewayMesh.Proxy.Resilience;

/// <summary>The <c>retryOn</c> conditions, as Envoy and Istio name them (bare status codes go to <see cref="RetryPolicy.StatusCodes"/>).</summary>
[Flags]
public enum RetryOn
{
    None = 0,

    /// <summary><c>5xx</c>: any 5xx answer, and no answer at all (connect failure, reset, refused stream, per-try timeout).</summary>
    FiveXx = 1 << 0,

    /// <summary><c>gateway-error</c>: 502, 503, 504, a connect failure or a per-try timeout.</summary>
    GatewayError = 1 << 1,

    /// <summary><c>reset</c>: the connection failed or was reset before a response, or the per-try timeout passed.</summary>
    Reset = 1 << 2,

    /// <summary><c>connect-failure</c>: the connection could not be opened.</summary>
    ConnectFailure = 1 << 3,

    /// <summary><c>refused-stream</c>: an HTTP/2 upstream refused the stream (REFUSED_STREAM); it never processed the request.</summary>
    RefusedStream = 1 << 4,

    /// <summary><c>retriable-4xx</c>: 409 Conflict.</summary>
    Retriable4xx = 1 << 5,

    /// <summary><c>retriable-status-codes</c>: a status listed in <see cref="RetryPolicy.StatusCodes"/>.</summary>
    RetriableStatusCodes = 1 << 6,

    /// <summary><c>reset-before-request</c>: reset before the request was sent; here, the connect failures.</summary>
    ResetBeforeRequest = 1 << 7,

    /// <summary><c>cancelled</c>: gRPC status 1 in the response headers.</summary>
    Cancelled = 1 << 8,

    /// <summary><c>deadline-exceeded</c>: gRPC status 4 in the response headers.</summary>
    DeadlineExceeded = 1 << 9,

    /// <summary><c>resource-exhausted</c>: gRPC status 8 in the response headers.</summary>
    ResourceExhausted = 1 << 10,

    /// <summary><c>internal</c>: gRPC status 13 in the response headers.</summary>
    Internal = 1 << 11,

    /// <summary><c>unavailable</c>: gRPC status 14 in the response headers.</summary>
    Unavailable = 1 << 12,
}
