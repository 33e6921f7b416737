using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>Istio's <c>request_protocol</c> label.</summary>
public enum RequestProtocol : byte
{
    Http,
    Grpc,
    Tcp,
}

/// <summary>
/// One finished request as the metrics see it. A struct filled by the record step and passed by reference: nothing
/// here allocates. Workloads and services are interned objects, so they key an edge by reference.
/// </summary>
public struct MetricRecord
{
    public Reporter Reporter;
    public WorkloadInfo Source;
    public WorkloadInfo Destination;
    public ServiceInfo Service;

    /// <summary>The SPIFFE ID (<c>spiffe://...</c>) of the client, when mTLS proved it; else null (<c>unknown</c>).</summary>
    public string? SourcePrincipal;

    /// <summary>The SPIFFE ID of the server, when mTLS proved it; else null (<c>unknown</c>).</summary>
    public string? DestinationPrincipal;

    public RequestProtocol Protocol;
    public ConnectionSecurity Security;
    public int ResponseCode;

    /// <summary>The gRPC status (0 OK, 14 UNAVAILABLE, ...); -1 when the request is not gRPC.</summary>
    public int GrpcStatus;

    public ResponseFlags Flags;
    public long RequestBytes;
    public long ResponseBytes;

    /// <summary>From the first byte of the request to the last byte of the response, in microseconds.</summary>
    public long DurationMicroseconds;
}
