using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// The one <see cref="HttpMessageInvoker"/> every forwarded and mirrored request shares, so upstream connections are
/// pooled across requests and reloads. It never follows redirects, keeps no cookies and ignores system proxies.
/// </summary>
public sealed class UpstreamClient : IDisposable
{
    public UpstreamClient(MeshForwardingOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            // Trace headers of the incoming request flow through as copied headers; the current activity, when
            // there is one, replaces them rather than adding a second traceparent.
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
