using System.Net.Sockets;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of a client whose cluster caps its connections: it takes a slot
/// from the cluster's <see cref="ClusterConnectionGate"/> before connecting (the handler's connect timeout bounds the
/// wait), and the connection's stream gives the slot back when the connection closes. TLS, when used, is layered on
/// this stream by the handler as usual.
/// </summary>
public static class GatedConnect
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Through(ClusterConnectionGate gate) =>
        async (context, cancellationToken) =>
        {
            var endpoint = context.DnsEndPoint;
            var slot = await gate.EnterAsync($"{endpoint.Host}:{endpoint.Port}", cancellationToken).ConfigureAwait(false);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                return new SlotStream(socket, slot);
            }
            catch
            {
                socket.Dispose();
                slot.Dispose();
                throw;
            }
        };

    /// <summary>A connection's network stream that frees its slot when it is disposed.</summary>
    private sealed class SlotStream(Socket socket, ClusterConnectionGate.ConnectionSlot slot) : NetworkStream(socket, ownsSocket: true)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                slot.Dispose();
            }
        }
    }
}
