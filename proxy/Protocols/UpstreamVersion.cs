using System.Net;
using GatewayMesh.Core.Config.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// Picks the HTTP version of the upstream request. Upstreams are cleartext, where HTTP/2 means h2c with prior knowledge,
/// so HTTP/2 is always requested exactly (never "or lower", which on cleartext silently means HTTP/1.1):
/// <list type="bullet">
/// <item>WebSocket handshakes (HTTP/1.1 Upgrade, or HTTP/2 extended CONNECT) go upstream as an HTTP/1.1 Upgrade, which every WebSocket server accepts.</item>
/// <item>A DestinationRule's <c>connectionPool.http.useClientProtocol: true</c> keeps the client's version.</item>
/// <item>A declared HTTP/2 upstream (GRPC, HTTP2) gets h2c; so does any upstream under <c>h2UpgradePolicy: UPGRADE</c>.</item>
/// <item>A declared HTTP/1.1 upstream gets HTTP/1.1.</item>
/// <item>Otherwise the client's version is kept: HTTP/2 (gRPC included) stays h2c, HTTP/1.x stays HTTP/1.1. HTTP/2 that a
/// TLS client negotiated by ALPN (every browser over HTTPS to the ingress) says nothing about the upstream, so there
/// only gRPC requests keep HTTP/2; the rest go as HTTP/1.1, which every HTTP upstream speaks.</item>
/// </list>
/// </summary>
public static class UpstreamVersion
{
    private static readonly (Version, HttpVersionPolicy) Http11 = (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower);
    private static readonly (Version, HttpVersionPolicy) H2c = (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact);

    public static (Version Version, HttpVersionPolicy Policy) Choose(HttpContext context, UpstreamProtocol declared, HttpSettings? settings = null)
    {
        if (IsWebSocketHandshake(context))
        {
            return Http11;
        }

        var clientUsesHttp2 = HttpProtocol.IsHttp2(context.Request.Protocol) || HttpProtocol.IsHttp3(context.Request.Protocol);
        if (settings?.UseClientProtocol == true)
        {
            return clientUsesHttp2 ? H2c : Http11;
        }

        if (declared == UpstreamProtocol.Http2 || settings?.H2UpgradePolicy == H2UpgradePolicy.Upgrade)
        {
            return H2c;
        }

        if (declared == UpstreamProtocol.Http1)
        {
            return Http11;
        }

        return clientUsesHttp2 && (!context.Request.IsHttps || IsGrpc(context.Request)) ? H2c : Http11;
    }

    /// <summary>
    /// Between proxies over mesh mTLS the hop speaks HTTP/2 by ALPN, as Istio's sidecars always do, whatever the client
    /// spoke: one multiplexed connection per peer instead of a TLS handshake per concurrent request. It is asked for
    /// "or lower", so a peer offering only http/1.1 still works, and a retry retargeted to a cleartext endpoint goes as
    /// HTTP/1.1. WebSocket handshakes keep their HTTP/1.1 Upgrade. The receiving sidecar sends HTTP/2 that arrived over
    /// TLS to its app as HTTP/1.1 unless the app is declared HTTP/2 or the request is gRPC (<see cref="Choose"/>).
    /// </summary>
    public static ForwarderRequestConfig OverMeshTls(ForwarderRequestConfig config, HttpContext context) =>
        config.Version == HttpVersion.Version11 && !IsWebSocketHandshake(context)
            ? config with { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower }
            : config;

    /// <summary><paramref name="config"/> (e.g. a route's precomputed one) with the version chosen for <paramref name="context"/>.</summary>
    public static ForwarderRequestConfig Apply(ForwarderRequestConfig config, HttpContext context, UpstreamProtocol declared, HttpSettings? settings = null)
    {
        var (version, policy) = Choose(context, declared, settings);
        return config with { Version = version, VersionPolicy = policy };
    }

    /// <summary>The forwarder config for <paramref name="context"/> with the chosen version and the given idle timeout.</summary>
    public static ForwarderRequestConfig Config(HttpContext context, UpstreamProtocol declared, TimeSpan activityTimeout, HttpSettings? settings = null)
    {
        var (version, policy) = Choose(context, declared, settings);
        return new ForwarderRequestConfig { ActivityTimeout = activityTimeout, Version = version, VersionPolicy = policy };
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    internal static bool IsWebSocketHandshake(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
}
