using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// Builds the HTTP handler of an upstream client: a <see cref="SocketsHttpHandler"/> without proxy, redirects, cookies
/// or decompression, shaped by <see cref="UpstreamClientSettings"/>.
/// </summary>
public static class UpstreamHandlers
{
    public static HttpMessageHandler Create(UpstreamClientSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = settings.ConnectTimeout,
            PooledConnectionIdleTimeout = settings.IdleTimeout,
            PooledConnectionLifetime = settings.ConnectionLifetime,
            MaxConnectionsPerServer = settings.MaxConnectionsPerEndpoint,
            // Trace headers of the incoming request flow through as copied headers; the current activity, when
            // there is one, replaces them rather than adding a second traceparent.
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        };
        return settings.CloseAfterEachRequest ? new ConnectionCloseHandler(handler) : handler;
    }

    /// <summary>maxRequestsPerConnection 1: asks the upstream to close the connection after each request.</summary>
    private sealed class ConnectionCloseHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.ConnectionClose = true;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
