using GatewayMesh.Core.Expressions;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections.Features;

namespace GatewayMesh.Proxy.Telemetry.Steps;

/// <summary>
/// Envoy's CEL attributes of a finished request (<c>response.code</c>, <c>request.headers['x']</c>, ...) for Telemetry
/// filters and tag overrides. One reusable instance per thread: the record step is synchronous, so it is bound,
/// evaluated and unbound without allocating.
/// </summary>
internal sealed class RequestAttributes : ICelActivation
{
    [ThreadStatic]
    private static RequestAttributes? _current;

    private ProxyRequest? _request;
    private MetricRecord _record;

    public static RequestAttributes Bind(ProxyRequest request, in MetricRecord record)
    {
        var attributes = _current ??= new RequestAttributes();
        attributes._request = request;
        attributes._record = record;
        return attributes;
    }

    public void Unbind()
    {
        _request = null;
        _record = default;
    }

    public CelValue Get(CelAttribute attribute)
    {
        var request = _request!;
        var http = request.Http;
        return attribute switch
        {
            CelAttribute.RequestPath => CelValue.Of(http.Request.Path.Value + http.Request.QueryString.Value),
            CelAttribute.RequestUrlPath => CelValue.Of(http.Request.Path.Value),
            CelAttribute.RequestHost => CelValue.Of(http.Request.Host.Value),
            CelAttribute.RequestScheme => CelValue.Of(http.Request.Scheme),
            CelAttribute.RequestMethod => CelValue.Of(http.Request.Method),
            CelAttribute.RequestReferer => CelValue.Of(Header(http.Request.Headers, "referer")),
            CelAttribute.RequestUserAgent => CelValue.Of(Header(http.Request.Headers, "user-agent")),
            CelAttribute.RequestId => CelValue.Of(Header(http.Request.Headers, "x-request-id")),
            CelAttribute.RequestProtocol => CelValue.Of(http.Request.Protocol),
            CelAttribute.RequestQuery => CelValue.Of(http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : ""),
            CelAttribute.RequestSize or CelAttribute.RequestTotalSize => CelValue.Of(_record.RequestBytes),
            CelAttribute.RequestDurationMs => CelValue.Of(_record.DurationMicroseconds / 1000),
            CelAttribute.ResponseCode => CelValue.Of((long)_record.ResponseCode),
            CelAttribute.ResponseCodeDetails => CelValue.Of(request.ResponseCodeDetails),
            CelAttribute.ResponseGrpcStatus => _record.GrpcStatus < 0 ? CelValue.Null : CelValue.Of((long)_record.GrpcStatus),
            CelAttribute.ResponseSize or CelAttribute.ResponseTotalSize => CelValue.Of(_record.ResponseBytes),
            CelAttribute.ConnectionMtls => CelValue.Of(request.Peer is not null),
            CelAttribute.ConnectionRequestedServerName => CelValue.Of(http.Features.Get<ITlsHandshakeFeature>()?.HostName),
            CelAttribute.ConnectionTlsVersion => http.Features.Get<ITlsHandshakeFeature>() is { } tls ? CelValue.Of(tls.Protocol.ToString()) : CelValue.Null,
            CelAttribute.SourceAddress => CelValue.Of(http.Connection.RemoteIpAddress?.ToString()),
            CelAttribute.SourcePort => CelValue.Of((long)http.Connection.RemotePort),
            CelAttribute.DestinationAddress => CelValue.Of(http.Connection.LocalIpAddress?.ToString()),
            CelAttribute.DestinationPort => CelValue.Of((long)(http.Features.Get<IDialledPortFeature>()?.Port ?? http.Connection.LocalPort)), // Envoy's local port, restored from the redirect
            CelAttribute.UpstreamAddress => CelValue.Of(request.Endpoint?.Address),
            CelAttribute.UpstreamPort => request.Endpoint is { } endpoint ? CelValue.Of((long)endpoint.Port) : CelValue.Null,
            CelAttribute.XdsClusterName => CelValue.Of(request.ClusterName),
            CelAttribute.XdsRouteName => CelValue.Of(request.RouteName),
            _ => CelValue.Null,
        };
    }

    public string? Header(string name, bool response) =>
        Header(response ? _request!.Http.Response.Headers : _request!.Http.Request.Headers, name);

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
