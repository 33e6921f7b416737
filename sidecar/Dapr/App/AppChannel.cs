using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.App;

/// <summary>
/// How the sidecar's Dapr side reaches its own app on 127.0.0.1 (subscription list, event delivery): a direct HTTP client
/// that never uses a proxy, not the mesh's forwarding path (the app is local, as daprd's app channel is).
/// </summary>
public sealed class AppChannel(DaprApiOptions options) : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Uri Uri(string path) => new($"http://127.0.0.1:{options.AppPort}{path}");

    public void Dispose() => Client.Dispose();
}
