using System.Diagnostics;
using System.Globalization;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Peers;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// Ends the span the tracing step started, with Istio's span attributes (<c>istio.canonical_service</c>,
/// <c>istio.namespace</c>, <c>node_id</c>, <c>http.status_code</c>, <c>upstream_cluster</c>, <c>response_flags</c>,
/// <c>guid:x-request-id</c>, ...) and the side's Telemetry <c>customTags</c>. The end time is the pipeline's (its
/// <see cref="TimeProvider"/>); the batch exporter sends it off the request path.
/// </summary>
public sealed class TracingRecorder(MeshWorkloads workloads, TelemetryDefaults defaults, TimeProvider time) : IRequestRecorder
{
    private const int MaxTagLength = 2048;
    private readonly TelemetryPolicy _defaultPolicy = TelemetryPolicy.FromDefaults(defaults);

    public void Record(ProxyRequest request)
    {
        if (request.Span is not { } span)
        {
            return;
        }

        request.Span = null;
        var http = request.Http;
        var self = workloads.Self;
        var status = http.Response.HasStarted || (request.Flags & ResponseFlags.DownstreamConnectionTermination) == 0 ? http.Response.StatusCode : 0;
        span.SetTag("component", "proxy");
        span.SetTag("istio.canonical_service", self.CanonicalService);
        span.SetTag("istio.canonical_revision", self.CanonicalRevision);
        span.SetTag("istio.namespace", self.Namespace);
        span.SetTag("istio.mesh_id", MeshWorkloads.MeshId);
        span.SetTag("node_id", workloads.SelfMetadataId);
        span.SetTag("http.method", http.Request.Method);
        span.SetTag("http.url", Cut(string.Concat(http.Request.Scheme, "://", http.Request.Host.Value, http.Request.PathBase.Value, http.Request.Path.Value, http.Request.QueryString.Value)));
        span.SetTag("http.protocol", http.Request.Protocol);
        span.SetTag("http.status_code", status.ToString(CultureInfo.InvariantCulture));
        span.SetTag("response_flags", ResponseFlagsFormat.ToEnvoyString(request.Flags));
        span.SetTag("upstream_cluster", request.ClusterName ?? "-");
        span.SetTag("upstream_cluster.name", request.ClusterName ?? "-");
        span.SetTag("downstream_cluster", "-");
        span.SetTag("peer.address", http.Connection.RemoteIpAddress?.ToString());
        span.SetTag("request_size", (http.Request.ContentLength ?? 0).ToString(CultureInfo.InvariantCulture));
        span.SetTag("response_size", (http.Response.ContentLength ?? 0).ToString(CultureInfo.InvariantCulture));
        if (Header(http, "x-request-id") is { } requestId)
        {
            span.SetTag("guid:x-request-id", requestId);
        }

        if (Header(http, "user-agent") is { } agent)
        {
            span.SetTag("user_agent", agent);
        }

        if (request.FrontDoor is { } frontDoor)
        {
            span.SetTag("gatewaymesh.front_door", frontDoor);
        }

        var side = (request.Config.Feature<TelemetryPolicy>() ?? _defaultPolicy).For(request.Reporter);
        foreach (var tag in side.CustomTags)
        {
            span.SetTag(tag.Name, tag.Source == CustomTagSource.Header ? Header(http, tag.Value) ?? tag.DefaultValue : tag.Value);
        }

        if (status >= 500 || status == 0)
        {
            span.SetTag("error", "true");
            span.SetStatus(ActivityStatusCode.Error);
        }

        span.SetEndTime((request.StartTime + time.GetElapsedTime(request.StartTimestamp, request.EndTimestamp)).UtcDateTime);
        span.Stop();
    }

    private static string? Header(Microsoft.AspNetCore.Http.HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var value) && value.Count > 0 && value[0] is { Length: > 0 } text ? Cut(text) : null;

    private static string Cut(string value) => value.Length <= MaxTagLength ? value : value[..MaxTagLength];
}
