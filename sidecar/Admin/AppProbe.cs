using System.Net;
using System.Net.Sockets;
using GatewayMesh.Sidecar.Hosting;

namespace GatewayMesh.Sidecar.Admin;

/// <summary>Whether the local app answers: a TCP connect to 127.0.0.1:app-port within a second.</summary>
public sealed class AppProbe(SidecarOptions options)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public int AppPort => options.AppPort;

    public async Task<bool> AnswersAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, options.AppPort), timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
