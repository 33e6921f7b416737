using System.Collections.Concurrent;
using System.Net.Sockets;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience.Pool;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>
/// One pooled upstream client per unix domain socket an ingress listener's <c>defaultEndpoint</c> names, shaped like the
/// shared upstream client (no proxy, redirects, cookies or decompression) but connecting to the socket. Clients live as
/// long as the sidecar: their number is the number of distinct socket paths its Sidecar config ever named.
/// </summary>
internal sealed class UnixSocketClients(MeshForwardingOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);

    public HttpMessageInvoker For(string path) => _clients.GetOrAdd(path, Create);

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpMessageInvoker Create(string path)
    {
        var handler = UpstreamHandlers.Create(UpstreamClientSettings.Default(options));
        if (handler is not SocketsHttpHandler sockets)
        {
            throw new InvalidOperationException("the default upstream handler is expected to be a SocketsHttpHandler");
        }

        sockets.ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return new HttpMessageInvoker(sockets, disposeHandler: true);
    }
}
