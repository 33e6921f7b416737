namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>Istio's standard metrics, as a set (a Telemetry resource can turn each off per side).</summary>
[Flags]
public enum StandardMetrics : ushort
{
    None = 0,
    RequestCount = 1 << 0,
    RequestDuration = 1 << 1,
    RequestSize = 1 << 2,
    ResponseSize = 1 << 3,
    TcpOpenedConnections = 1 << 4,
    TcpClosedConnections = 1 << 5,
    TcpSentBytes = 1 << 6,
    TcpReceivedBytes = 1 << 7,
    Http = RequestCount | RequestDuration | RequestSize | ResponseSize,
    Tcp = TcpOpenedConnections | TcpClosedConnections | TcpSentBytes | TcpReceivedBytes,
    All = Http | Tcp,
}

/// <summary>Names, types and help texts of the standard metric families, exactly as Istio exposes them.</summary>
public static class IstioMetricNames
{
    public const string RequestsTotal = "istio_requests_total";
    public const string RequestDuration = "istio_request_duration_milliseconds";
    public const string RequestBytes = "istio_request_bytes";
    public const string ResponseBytes = "istio_response_bytes";
    public const string TcpSentBytes = "istio_tcp_sent_bytes_total";
    public const string TcpReceivedBytes = "istio_tcp_received_bytes_total";
    public const string TcpConnectionsOpened = "istio_tcp_connections_opened_total";
    public const string TcpConnectionsClosed = "istio_tcp_connections_closed_total";

    /// <summary>The family name of one metric.</summary>
    public static string Of(StandardMetrics metric) => metric switch
    {
        StandardMetrics.RequestCount => RequestsTotal,
        StandardMetrics.RequestDuration => RequestDuration,
        StandardMetrics.RequestSize => RequestBytes,
        StandardMetrics.ResponseSize => ResponseBytes,
        StandardMetrics.TcpOpenedConnections => TcpConnectionsOpened,
        StandardMetrics.TcpClosedConnections => TcpConnectionsClosed,
        StandardMetrics.TcpSentBytes => TcpSentBytes,
        StandardMetrics.TcpReceivedBytes => TcpReceivedBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "one metric"),
    };

    public static readonly StandardMetrics[] Each =
    [
        StandardMetrics.RequestCount, StandardMetrics.RequestDuration, StandardMetrics.RequestSize, StandardMetrics.ResponseSize,
        StandardMetrics.TcpOpenedConnections, StandardMetrics.TcpClosedConnections, StandardMetrics.TcpSentBytes, StandardMetrics.TcpReceivedBytes,
    ];

    /// <summary>Istio's standard label names in Istio's order (TCP families leave out response_code and grpc_response_status).</summary>
    public static readonly string[] Labels =
    [
        "reporter",
        "source_workload", "source_canonical_service", "source_canonical_revision", "source_workload_namespace",
        "source_principal", "source_app", "source_version", "source_cluster",
        "destination_workload", "destination_workload_namespace", "destination_principal", "destination_app", "destination_version",
        "destination_service", "destination_canonical_service", "destination_canonical_revision",
        "destination_service_name", "destination_service_namespace", "destination_cluster",
        "request_protocol", "response_code", "grpc_response_status", "response_flags", "connection_security_policy",
    ];
}
