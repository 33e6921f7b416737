using System.Net;
using System.Net.Sockets;

namespace GatewayMesh.Core.Hosting;

/// <summary>A loopback port held by a listener of ours (connections to it are never served) until disposed.</summary>
public sealed class PortReservation : IDisposable
{
    private readonly TcpListener _listener;

    internal PortReservation(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Frees the port for the process about to bind it.</summary>
    public void Dispose() => _listener.Dispose();
}
