using System.Diagnostics;
using System.Net;
using GatewayMesh.Proxy.Security.Transport;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// Builds the HTTP handler of an upstream client: a <see cref="SocketsHttpHandler"/> without proxy, redirects, cookies
/// or decompression, shaped by <see cref="UpstreamClientSettings"/> (requests per connection: <see cref="RequestsPerConnection"/>), with mesh mTLS (<see cref="UpstreamTls"/>) when the settings name server identities.
/// </summary>
public static class UpstreamHandlers
{
    /// <param name="tls">Makes the handler speak mesh mTLS to https upstreams when <paramref name="settings"/> names server identities.</param>
    public static HttpMessageHandler Create(UpstreamClientSettings settings, UpstreamTls? tls = null)
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
            MaxConnectionsPerServer = settings.MaxConnections,
            // Trace headers of the incoming request flow through as copied headers; the current activity, when
            // there is one, replaces them rather than adding a second traceparent.
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        };
        if (settings.MaxConnections != int.MaxValue)
        {
            handler.ConnectCallback = GatedConnect.Through(new ClusterConnectionGate(settings.MaxConnections));
        }

        if (tls is not null && !settings.ServerIdentities.IsEmpty)
        {
            tls.Configure(handler, settings.ServerIdentities);
        }

        return RequestsPerConnection.Limit(handler, settings.MaxRequestsPerConnection);
    }
}
