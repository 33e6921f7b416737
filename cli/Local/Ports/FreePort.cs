using System.Net;
using System.Net.Sockets;

namespace GatewayMesh.Cli.Local.Ports;

/// <summary>Chooses loopback ports: the preferred one when nothing listens on it, else one the OS hands out.</summary>
internal sealed class FreePort
{
    private readonly HashSet<int> _taken = [];

    /// <summary>A free port on 127.0.0.1, never the same twice from this instance; <paramref name="preferred"/> 0 means any.</summary>
    public int Pick(int preferred)
    {
        if (preferred > 0 && !_taken.Contains(preferred) && IsFree(preferred))
        {
            _taken.Add(preferred);
            return preferred;
        }

        while (true)
        {
            var port = BindAny();
            if (_taken.Add(port))
            {
                return port;
            }
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int BindAny()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
