using System.Net;
using GatewayMesh.Proxy.Protocols;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// One public port that accepts mesh mTLS, HTTP/1.1 and h2c, as a sidecar's inbound port must (PERMISSIVE serves
/// plaintext and mTLS callers side by side). Each accepted connection is peeked (<see cref="InboundMtlsDispatcher"/>)
/// and handed to the pipeline of a hidden companion endpoint: HTTP/2 (h2c), or TLS whose pipeline is captured before
/// <c>UseHttps</c> so TLS runs on the borrowed connection (<see cref="InboundTlsOptions"/>), then HTTP/1.1 or HTTP/2 by ALPN.
/// Anything else goes to the public endpoint's own HTTP/1.1 pipeline.
/// </summary>
public static class MeshInboundListener
{
    /// <summary>
    /// Listens on <paramref name="address"/>:<paramref name="port"/>. <paramref name="configure"/> runs first, so
    /// connection middleware it adds (tags) sees every connection. Needs <c>AddMeshTransport</c> in the services.
    /// </summary>
    public static void ListenMeshInbound(this KestrelServerOptions kestrel, IPAddress address, int port, Action<ListenOptions>? configure = null)
    {
        var services = kestrel.ApplicationServices;
        var tlsOptions = services.GetRequiredService<InboundTlsOptions>();
        var dispatcher = services.GetRequiredService<InboundMtlsDispatcher>();
        var http2 = CompanionEndpoint.Listen(kestrel, HttpProtocols.Http2);
        var tls = CompanionEndpoint.Listen(kestrel, HttpProtocols.Http1AndHttp2, listen => listen.UseHttps(tlsOptions.Create()));
        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            configure?.Invoke(listen);
            var firstByteTimeout = kestrel.Limits.RequestHeadersTimeout;
            listen.Use(http1 => connection => dispatcher.DispatchAsync(connection, http1, http2.Pipeline, tls.Pipeline, firstByteTimeout));
        });
    }
}
