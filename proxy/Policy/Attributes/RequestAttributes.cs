using System.Diagnostics.CodeAnalysis;
using System.Net;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.Routing;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Policy.Attributes;

/// <summary>
/// The attributes of one call as Mixer named them, read lazily from the <see cref="ProxyRequest"/>: nothing is computed
/// until an expression asks. One per pooled request context (reused, never allocated per request). In the check
/// phase (the policy step) the response is not known yet: <c>response.*</c> is undefined. What is fixed for the proxy
/// (an inbound sidecar's <c>destination.*</c>) has been folded into the expressions and is never asked here.
/// </summary>
public sealed class RequestAttributes : IAttributeBag
{
    private readonly HeaderMap _requestHeaders = new();
    private readonly HeaderMap _responseHeaders = new();
    private readonly QueryMap _query = new();
    private readonly LabelMap _sourceLabels = new();
    private readonly LabelMap _destinationLabels = new();
    private ProxyRequest? _request;
    private TimeProvider _time = TimeProvider.System;
    private bool _report;

    /// <summary>Binds the bag to a request; <paramref name="report"/> once the response is complete (telemetry).</summary>
    public RequestAttributes Bind(ProxyRequest request, TimeProvider time, bool report)
    {
        _request = request;
        _time = time;
        _report = report;
        _requestHeaders.Bind(request.Http.Request.Headers);
        _responseHeaders.Bind(report ? request.Http.Response.Headers : null);
        _query.Bind(null);
        return this;
    }

    public void Unbind()
    {
        _request = null;
        _requestHeaders.Bind(null);
        _responseHeaders.Bind(null);
        _query.Bind(null);
    }

    private ProxyRequest Request => _request ?? throw new InvalidOperationException("The attribute bag is not bound to a request.");

    public bool TryGetString(MixerAttribute attribute, [NotNullWhen(true)] out string? value)
    {
        var request = Request;
        var http = request.Http.Request;
        value = attribute switch
        {
            MixerAttribute.RequestPath => http.QueryString.HasValue ? http.Path.Value + http.QueryString.Value : http.Path.Value,
            MixerAttribute.RequestUrlPath => http.Path.Value,
            MixerAttribute.RequestHost => http.Host.HasValue ? http.Host.Value : null,
            MixerAttribute.RequestMethod => http.Method,
            MixerAttribute.RequestScheme => http.Scheme,
            MixerAttribute.RequestUserAgent => Header(http.Headers.UserAgent),
            MixerAttribute.RequestReferer => Header(http.Headers.Referer),
            MixerAttribute.RequestId => Header(http.Headers["x-request-id"]),
            MixerAttribute.RequestAuthPrincipal => request.RequestPrincipal?.Principal,
            MixerAttribute.RequestAuthPresenter => request.RequestPrincipal?.Presenter,
            MixerAttribute.RequestAuthAudiences => request.RequestPrincipal is { Audiences.Count: > 0 } p ? string.Join(',', p.Audiences) : null,
            MixerAttribute.SourcePrincipal or MixerAttribute.SourceUser => request.Peer?.Principal,
            MixerAttribute.SourceName or MixerAttribute.SourceWorkloadName => request.SourceWorkload?.Name,
            MixerAttribute.SourceNamespace or MixerAttribute.SourceWorkloadNamespace => request.SourceWorkload?.Namespace ?? request.Peer?.Namespace,
            MixerAttribute.DestinationName or MixerAttribute.DestinationWorkloadName => _report ? request.DestinationWorkload?.Name : null,
            MixerAttribute.DestinationNamespace or MixerAttribute.DestinationWorkloadNamespace => _report ? request.DestinationWorkload?.Namespace : null,
            MixerAttribute.DestinationServiceHost => DestinationHost(request),
            MixerAttribute.DestinationServiceName => HostParts(DestinationHost(request)).Name,
            MixerAttribute.DestinationServiceNamespace => HostParts(DestinationHost(request)).Namespace,
            MixerAttribute.ConnectionRequestedServerName => request.Http.Features.Get<ITlsHandshakeFeature>()?.HostName is { Length: > 0 } sni ? sni : null,
            MixerAttribute.ContextProtocol => IsGrpc(http) ? "grpc" : "http",
            MixerAttribute.ContextReporterKind => request.Listener == ProxyListener.SidecarInbound ? "inbound" : "outbound",
            MixerAttribute.ResponseGrpcStatus => _report ? Header(request.Http.Response.Headers["grpc-status"]) : null,
            MixerAttribute.ResponseGrpcMessage => _report ? Header(request.Http.Response.Headers["grpc-message"]) : null,
            _ => null,
        };
        return value is not null;
    }

    public bool TryGetInt64(MixerAttribute attribute, out long value)
    {
        var request = Request;
        var http = request.Http;
        long? result = attribute switch
        {
            MixerAttribute.RequestSize or MixerAttribute.RequestTotalSize => _report && request.RequestBodyBytes > 0 ? request.RequestBodyBytes : http.Request.ContentLength,
            MixerAttribute.ResponseCode => _report ? http.Response.StatusCode : null,
            MixerAttribute.ResponseSize or MixerAttribute.ResponseTotalSize => _report ? request.ResponseBodyBytes : null,
            MixerAttribute.DestinationPort => http.Features.Get<IDialledPortFeature>()?.Port ?? http.Connection.LocalPort, // Envoy's local port, restored from the redirect
            _ => null,
        };
        value = result ?? 0;
        return result is not null;
    }

    public bool TryGetBool(MixerAttribute attribute, out bool value)
    {
        value = attribute == MixerAttribute.ConnectionMtls && Request.ConnectionSecurity == ConnectionSecurity.MutualTls;
        return attribute == MixerAttribute.ConnectionMtls;
    }

    public bool TryGetTimestamp(MixerAttribute attribute, out DateTimeOffset value)
    {
        var request = Request;
        (value, var ok) = attribute switch
        {
            MixerAttribute.RequestTime => (request.StartTime, true),
            MixerAttribute.ContextTime => (_time.GetUtcNow(), true),
            MixerAttribute.ResponseTime when _report && request.EndTimestamp != 0 =>
                (request.StartTime + _time.GetElapsedTime(request.StartTimestamp, request.EndTimestamp), true),
            _ => (default, false),
        };
        return ok;
    }

    public bool TryGetDuration(MixerAttribute attribute, out TimeSpan value)
    {
        var request = Request;
        var ok = attribute == MixerAttribute.ResponseDuration && _report && request.EndTimestamp != 0;
        value = ok ? _time.GetElapsedTime(request.StartTimestamp, request.EndTimestamp) : default;
        return ok;
    }

    public bool TryGetIp(MixerAttribute attribute, [NotNullWhen(true)] out IPAddress? value)
    {
        var connection = Request.Http.Connection;
        value = attribute switch
        {
            MixerAttribute.SourceIp => connection.RemoteIpAddress,
            MixerAttribute.DestinationIp => connection.LocalIpAddress,
            _ => null,
        };
        return value is not null;
    }

    public bool TryGetStringMap(MixerAttribute attribute, [NotNullWhen(true)] out IStringMap? value)
    {
        var request = Request;
        value = attribute switch
        {
            MixerAttribute.RequestHeaders => _requestHeaders,
            MixerAttribute.ResponseHeaders when _report => _responseHeaders,
            MixerAttribute.RequestQueryParams => _query.Bind(request.Http.Request.Query),
            MixerAttribute.SourceLabels => request.SourceWorkload is { } source ? _sourceLabels.Bind(source.Labels) : null,
            MixerAttribute.DestinationLabels when _report =>
                request.DestinationWorkload is { } destination ? _destinationLabels.Bind(destination.Labels)
                : request.Endpoint is { } endpoint ? _destinationLabels.Bind(endpoint.Labels)
                : null,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>The destination service's host: the picked cluster's after the call, else the matched route's first destination.</summary>
    private string? DestinationHost(ProxyRequest request)
    {
        if (request.Destination is { } picked)
        {
            return picked.Cluster.Host;
        }

        return request.Match is { Action: ForwardAction forward } ? forward.Destinations.Destinations[0].Cluster.Host : null;
    }

    /// <summary>
    /// The service name and namespace of <c>name.namespace.svc...</c> (null when the host has no such part). Hosts come
    /// from the compiled config, so the last one's parts are kept: a bag's next request to the same service allocates nothing.
    /// </summary>
    private (string? Name, string? Namespace) HostParts(string? host)
    {
        if (host is null)
        {
            return (null, null);
        }

        if (!ReferenceEquals(host, _lastHost))
        {
            _lastHostParts = (HostPart(host, 0), HostPart(host, 1));
            _lastHost = host;
        }

        return _lastHostParts;
    }

    private string? _lastHost;
    private (string? Name, string? Namespace) _lastHostParts;

    /// <summary>Part <paramref name="index"/> of <c>name.namespace.svc...</c>; null when the host has no such part.</summary>
    private static string? HostPart(string? host, int index)
    {
        if (host is null)
        {
            return null;
        }

        var first = host.IndexOf('.', StringComparison.Ordinal);
        if (index == 0)
        {
            return first < 0 ? host : host[..first];
        }

        if (first < 0)
        {
            return null;
        }

        var second = host.IndexOf('.', first + 1);
        return second < 0 ? host[(first + 1)..] : host[(first + 1)..second];
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private static string? Header(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values.ToString();
}
