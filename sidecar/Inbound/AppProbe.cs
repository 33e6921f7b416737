using System.Net;
using System.Net.Sockets;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Inbound;

/// <summary>
/// Whether the local app answers: a connect within a second to where the inbound listener forwards (127.0.0.1:app-port,
/// or the Sidecar ingress listener's <c>defaultEndpoint</c>: <see cref="InboundTarget"/>).
/// </summary>
public sealed class AppProbe(SidecarOptions options, IServiceProvider? services = null)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public int AppPort => options.AppPort;

    /// <summary>Where the app is probed and forwarded to right now.</summary>
    public string Target => Configured?.ToString() ?? $"127.0.0.1:{options.AppPort}";

    private InboundTarget? Configured => services?.GetService<ProxyState>()?.Current.Feature<InboundTarget>();

    public async Task<bool> AnswersAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        var address = Configured?.Address ?? new IPEndPoint(IPAddress.Loopback, options.AppPort);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, address is IPEndPoint ? ProtocolType.Tcp : ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(address, timeout.Token);
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
