using System.Globalization;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Peers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// The record step of every listener: turns the finished <see cref="ProxyRequest"/> into Istio's standard metrics (one
/// <see cref="MetricRecord"/> on the stack, added to its pre-aggregated edge: no allocation once the edge exists) and,
/// when the Telemetry policy turns access logging on and its filter passes, one access-log line handed to the
/// background writer. The side's policy (<c>source</c> for the ingress and outbound, <c>destination</c> for inbound)
/// comes from the compiled <see cref="TelemetryPolicy"/> of the request's config.
/// </summary>
public sealed class TelemetryRecorder(
    MeshWorkloads workloads,
    IstioMetricsRecorder metrics,
    AccessLogWriter accessLog,
    TelemetryDefaults defaults,
    TimeProvider time) : IRequestRecorder
{
    private const string GrpcStatusHeader = "grpc-status";
    private readonly TelemetryPolicy _defaultPolicy = TelemetryPolicy.FromDefaults(defaults);

    public void Record(ProxyRequest request)
    {
        var policy = Policy(request);
        var side = policy.For(request.Reporter);
        var log = side.AccessLog;
        if ((side.Metrics & StandardMetrics.Http) == 0 && !log)
        {
            return;
        }

        var record = Describe(request);
        if (side.Tags is not null || (log && side.AccessLogFilter is not null))
        {
            var attributes = RequestAttributes.Bind(request, record);
            try
            {
                metrics.Record(record, side.Metrics, side.Tags, side.Tags?.Evaluate(attributes));
                log &= side.AccessLogFilter is null || side.AccessLogFilter.IsTrue(attributes);
            }
            finally
            {
                attributes.Unbind();
            }
        }
        else
        {
            metrics.Record(record, side.Metrics);
        }

        if (log)
        {
            accessLog.TryWrite(AccessLogFormatter.Format(Entry(request, record), policy.Encoding));
        }
    }

    /// <summary>What the request's side (client or server) of the Telemetry policy turns on.</summary>
    internal SideTelemetry SideOf(ProxyRequest request) => Policy(request).For(request.Reporter);

    private TelemetryPolicy Policy(ProxyRequest request) => request.Config.Feature<TelemetryPolicy>() ?? _defaultPolicy;

    /// <summary>The metric view of a finished request (labels as Istio fills them on this side).</summary>
    internal MetricRecord Describe(ProxyRequest request)
    {
        var http = request.Http;
        var record = new MetricRecord
        {
            Reporter = request.Reporter,
            Source = request.SourceWorkload ?? WorkloadInfo.UnknownWorkload,
            Protocol = IsGrpc(http.Request) ? RequestProtocol.Grpc : RequestProtocol.Http,
            Security = request.ConnectionSecurity,
            Flags = request.Flags,
            ResponseCode = http.Response.HasStarted || (request.Flags & ResponseFlags.DownstreamConnectionTermination) == 0 ? http.Response.StatusCode : 0,
            GrpcStatus = -1,
            RequestBytes = request.RequestBodyBytes > 0 ? request.RequestBodyBytes : http.Request.ContentLength ?? 0,
            ResponseBytes = request.ResponseBodyBytes > 0 ? request.ResponseBodyBytes : http.Response.ContentLength ?? 0,
            DurationMicroseconds = time.GetElapsedTime(request.StartTimestamp, request.EndTimestamp).Ticks / TimeSpan.TicksPerMicrosecond,
        };

        if (record.Protocol == RequestProtocol.Grpc)
        {
            record.GrpcStatus = GrpcStatus(http);
        }

        if (request.Reporter == Reporter.Destination)
        {
            record.Destination = request.DestinationWorkload ?? workloads.Self;
            record.Service = workloads.SelfService;
            if (request.Peer is { } peer)
            {
                record.SourcePrincipal = workloads.PrincipalOf(peer);
                record.DestinationPrincipal = workloads.SelfPrincipal;
            }
        }
        else if ((request.Flags & ResponseFlags.FaultInjected) != 0)
        {
            // An injected abort never reaches an endpoint. Istio's client-side stats name the destination workload from
            // the upstream peer's metadata or the upstream host, and Envoy's fault filter answers before the router picks
            // a host: the workload labels are unknown, the routed service (the route's cluster) is kept.
            record.Destination = WorkloadInfo.UnknownWorkload;
            record.Service = ServiceOf(request);
        }
        else
        {
            record.Destination = request.Endpoint is { } endpoint ? DestinationOf(request, endpoint) : request.DestinationWorkload ?? WorkloadInfo.UnknownWorkload;
            record.Service = ServiceOf(request);
            if (request.UpstreamTls && request.Endpoint is { } secured)
            {
                record.SourcePrincipal = workloads.SelfPrincipal;
                record.DestinationPrincipal = workloads.PrincipalOf(secured);
            }
        }

        return record;
    }

    /// <summary>
    /// The workload of the endpoint that answered. <see cref="MeshHopStep"/> already named the workload of the endpoint
    /// the request was addressed to; that is still the endpoint unless a second attempt (a retry or a hedge) may have
    /// gone to another one, and only then is it looked up again.
    /// </summary>
    private WorkloadInfo DestinationOf(ProxyRequest request, Clusters.Endpoint endpoint) =>
        request.Attempts <= 1 && request.DestinationWorkload is { } named ? named : workloads.WorkloadOf(endpoint);

    private static ServiceInfo ServiceOf(ProxyRequest request) => request.ClusterName switch
    {
        ServiceInfo.PassthroughClusterName => ServiceInfo.Passthrough,
        ServiceInfo.BlackHoleClusterName => ServiceInfo.BlackHole,
        _ => request.Destination is { } destination ? ServiceInfo.ForHost(destination.Cluster.Host) : ServiceInfo.Unknown,
    };

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>The gRPC status from the trailers, or from the headers of a trailers-only answer; 2 (UNKNOWN) when neither has one.</summary>
    private static int GrpcStatus(HttpContext http)
    {
        var value = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers && trailers.TryGetValue(GrpcStatusHeader, out var trailer)
            ? trailer
            : http.Response.Headers[GrpcStatusHeader];
        return int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : 2;
    }

    private AccessLogEntry Entry(ProxyRequest request, in MetricRecord record)
    {
        var http = request.Http;
        var headers = http.Request.Headers;
        var upstreamAnswered = request.UpstreamEndTimestamp != 0 && request.UpstreamStartTimestamp != 0;
        return new AccessLogEntry
        {
            StartTime = request.StartTime,
            Method = http.Request.Method,
            Path = http.Request.Path.Value + http.Request.QueryString.Value,
            Protocol = http.Request.Protocol,
            ResponseCode = record.ResponseCode,
            ResponseFlags = ResponseFlagsFormat.ToEnvoyString(request.Flags),
            ResponseCodeDetails = request.ResponseCodeDetails ?? (upstreamAnswered && request.UpstreamError == Yarp.ReverseProxy.Forwarder.ForwarderError.None ? "via_upstream" : null),
            UpstreamTransportFailureReason = request.UpstreamError == Yarp.ReverseProxy.Forwarder.ForwarderError.None ? null : request.UpstreamError.ToString(),
            BytesReceived = record.RequestBytes,
            BytesSent = record.ResponseBytes,
            DurationMilliseconds = record.DurationMicroseconds / 1000,
            UpstreamServiceTimeMilliseconds = upstreamAnswered
                ? (long)time.GetElapsedTime(request.UpstreamStartTimestamp, request.UpstreamEndTimestamp).TotalMilliseconds
                : null,
            ForwardedFor = Single(headers, "x-forwarded-for"),
            UserAgent = Single(headers, "user-agent"),
            RequestId = Single(headers, "x-request-id"),
            Authority = http.Request.Host.Value,
            UpstreamHost = (request.Flags & ResponseFlags.FaultInjected) != 0 ? null : request.Endpoint?.ToString(), // an abort reaches no host
            UpstreamCluster = request.ClusterName,
            DownstreamLocalAddress = Address(http.Connection.LocalIpAddress, http.Connection.LocalPort),
            DownstreamRemoteAddress = Address(http.Connection.RemoteIpAddress, http.Connection.RemotePort),
            RequestedServerName = http.Features.Get<ITlsHandshakeFeature>()?.HostName is { Length: > 0 } sni ? sni : null,
            RouteName = request.RouteName,
        };
    }

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    private static string? Address(System.Net.IPAddress? address, int port) =>
        address is null ? null : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
