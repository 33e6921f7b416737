using System.Net;
using System.Net.Sockets;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>
/// What the sidecar's raw TCP streams share, CONNECT tunnels and iptables passthrough alike: one count of the open ones,
/// capped at <see cref="SidecarOptions.MaxTunnels"/> for both together, and the upstream connect, bounded by the
/// forwarder's connect timeout.
/// </summary>
internal sealed class TunnelBudget(SidecarOptions options, MeshForwardingOptions forwarding)
{
    private int _open;

    public int Limit => options.MaxTunnels;

    /// <summary>Takes a slot; false when <see cref="Limit"/> streams are open already. A taken slot is given back with <see cref="Release"/>.</summary>
    public bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= options.MaxTunnels)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);

    /// <summary>A connected socket to <paramref name="destination"/> (a host name or an address); throws <see cref="SocketException"/> or <see cref="OperationCanceledException"/> (also at the connect timeout).</summary>
    public async Task<Socket> ConnectAsync(EndPoint destination, CancellationToken cancellationToken)
    {
        var socket = destination is IPEndPoint address
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(forwarding.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(destination, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
