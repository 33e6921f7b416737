namespace GatewayMesh.Proxy.Telemetry.AccessLog;

/// <summary>
/// What one access-log line says about a request: the fields of Istio's default format (Envoy's command operators in
/// brackets). Null means "not set" and prints as <c>-</c> (TEXT) or <c>null</c> (JSON), as Envoy does.
/// </summary>
public sealed record AccessLogEntry
{
    /// <summary>%START_TIME%.</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>%REQ(:METHOD)%.</summary>
    public string? Method { get; init; }

    /// <summary>%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%: the path as the client sent it (before any rewrite), with the query.</summary>
    public string? Path { get; init; }

    /// <summary>%PROTOCOL%: <c>HTTP/1.1</c>, <c>HTTP/2</c>.</summary>
    public string? Protocol { get; init; }

    /// <summary>%RESPONSE_CODE%: 0 when no response was sent.</summary>
    public int ResponseCode { get; init; }

    /// <summary>%RESPONSE_FLAGS%, already formatted (<c>-</c>, <c>UH</c>, <c>URX,UF</c>).</summary>
    public string ResponseFlags { get; init; } = "-";

    /// <summary>%RESPONSE_CODE_DETAILS%: <c>via_upstream</c>, <c>route_not_found</c>, <c>fault_filter_abort</c>, <c>rbac_access_denied_matched_policy[...]</c>, ...</summary>
    public string? ResponseCodeDetails { get; init; }

    /// <summary>%CONNECTION_TERMINATION_DETAILS%.</summary>
    public string? ConnectionTerminationDetails { get; init; }

    /// <summary>%UPSTREAM_TRANSPORT_FAILURE_REASON%.</summary>
    public string? UpstreamTransportFailureReason { get; init; }

    /// <summary>%BYTES_RECEIVED%: request body bytes.</summary>
    public long BytesReceived { get; init; }

    /// <summary>%BYTES_SENT%: response body bytes.</summary>
    public long BytesSent { get; init; }

    /// <summary>%DURATION%: whole milliseconds from the first request byte to the last response byte.</summary>
    public long DurationMilliseconds { get; init; }

    /// <summary>%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%: milliseconds the upstream took, when there was one.</summary>
    public long? UpstreamServiceTimeMilliseconds { get; init; }

    /// <summary>%REQ(X-FORWARDED-FOR)%.</summary>
    public string? ForwardedFor { get; init; }

    /// <summary>%REQ(USER-AGENT)%.</summary>
    public string? UserAgent { get; init; }

    /// <summary>%REQ(X-REQUEST-ID)%.</summary>
    public string? RequestId { get; init; }

    /// <summary>%REQ(:AUTHORITY)%.</summary>
    public string? Authority { get; init; }

    /// <summary>%UPSTREAM_HOST%: <c>address:port</c> of the endpoint picked.</summary>
    public string? UpstreamHost { get; init; }

    /// <summary>%UPSTREAM_CLUSTER%: <c>outbound|9080|v1|reviews.default.svc.cluster.local</c>, <c>inbound|9080||</c>, <c>PassthroughCluster</c>.</summary>
    public string? UpstreamCluster { get; init; }

    /// <summary>%UPSTREAM_LOCAL_ADDRESS%.</summary>
    public string? UpstreamLocalAddress { get; init; }

    /// <summary>%DOWNSTREAM_LOCAL_ADDRESS%.</summary>
    public string? DownstreamLocalAddress { get; init; }

    /// <summary>%DOWNSTREAM_REMOTE_ADDRESS%.</summary>
    public string? DownstreamRemoteAddress { get; init; }

    /// <summary>%REQUESTED_SERVER_NAME%: the TLS SNI, when the connection was TLS.</summary>
    public string? RequestedServerName { get; init; }

    /// <summary>%ROUTE_NAME%.</summary>
    public string? RouteName { get; init; }
}
