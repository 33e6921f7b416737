using GatewayMesh.Proxy.Forwarding;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// The one <see cref="HttpMessageInvoker"/> every forwarded and mirrored request shares, so upstream connections are
/// pooled across requests and reloads. It never follows redirects, keeps no cookies and ignores system proxies
/// (<see cref="UpstreamHandlers"/>). Clusters whose connectionPool shapes the client get their own from <see cref="UpstreamClientCache"/>.
/// </summary>
public sealed class UpstreamClient : IDisposable
{
    public UpstreamClient(MeshForwardingOptions options) =>
        Invoker = new HttpMessageInvoker(UpstreamHandlers.Create(UpstreamClientSettings.Default(options)), disposeHandler: true);

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
