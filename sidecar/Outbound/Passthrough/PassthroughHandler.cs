using System.Net;
using System.Net.Sockets;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Capture;
using GatewayMesh.Sidecar.Outbound.Tunnels;
using GatewayMesh.Sidecar.Settings;
using Microsoft.AspNetCore.Connections;

namespace GatewayMesh.Sidecar.Outbound.Passthrough;

/// <summary>
/// Connection middleware of the outbound listener under <c>--capture iptables</c>: a connection the rules redirected
/// here (it has an <see cref="OriginalDestination"/>) that does not start as HTTP (<see cref="ProtocolSniff"/>) is
/// carried as raw TCP to its original destination (Istio's PassthroughCluster) under ALLOW_ANY, and closed (Istio's
/// BlackHoleCluster) under REGISTRY_ONLY unless that address is a mesh endpoint's. HTTP, and any connection that was
/// not redirected (a client of the listener itself, so nothing can loop back into it), go on to the HTTP handling
/// untouched. Shares <see cref="SidecarOptions.MaxTunnels"/> and the idle timeout with CONNECT tunnels, and is counted
/// in the <c>istio_tcp_*</c> metrics through the registered <see cref="ITcpStreamRecorder"/>.
/// </summary>
internal sealed class PassthroughHandler(
    ProxyState state,
    SidecarOptions options,
    TunnelBudget budget,
    TimeProvider time,
    ILogger<PassthroughHandler> logger,
    ITcpStreamRecorder? recorder = null)
{
    public const string Cluster = "PassthroughCluster";
    private readonly OutboundPolicy _policy = options.ParseOutboundPolicy();

    /// <summary>The middleware for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => InvokeAsync(connection, next);

    private async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (OriginalDestination.Capture(connection) is not { } original)
        {
            await next(connection);
            return;
        }

        switch (await ProtocolSniff.DetectAsync(connection.Transport.Input, options.ProtocolSniffTimeout, time, connection.ConnectionClosed))
        {
            case SniffedProtocol.Http:
                await next(connection); // routed by its Host header, as today
                return;
            case SniffedProtocol.Closed:
                return;
        }

        try
        {
            await PassAsync(connection, original.Address);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Log.PassthroughFailed(logger, ex, original.Address);
        }
    }

    private async Task PassAsync(ConnectionContext connection, IPEndPoint destination)
    {
        var config = state.Current;
        if ((config.Feature<OutboundScope>()?.Policy ?? _policy) == OutboundPolicy.RegistryOnly && !MeshAddresses.Contains(config, destination.Address))
        {
            Log.PassthroughRefused(logger, null, destination, "destination not in the mesh registry (REGISTRY_ONLY)");
            return; // Istio's BlackHoleCluster: the connection is closed
        }

        if (!budget.TryTake())
        {
            Log.PassthroughRefused(logger, null, destination, "too many open tunnels (--max-tunnels)");
            return;
        }

        try
        {
            using var upstream = await ConnectAsync(destination, connection.ConnectionClosed);
            if (upstream is null)
            {
                return;
            }

            var observer = recorder?.Open(new TcpStreamStart(ProxyListener.SidecarOutbound, null, null, Cluster));
            var relay = await TcpRelay.RunAsync(connection.Transport, upstream, options.TunnelIdleTimeout, time, observer, connection.ConnectionClosed);
            Log.PassthroughClosed(logger, destination, relay.ReceivedBytes, relay.SentBytes, relay.TimedOut);
        }
        finally
        {
            budget.Release();
        }
    }

    private async Task<Socket?> ConnectAsync(IPEndPoint destination, CancellationToken cancellationToken)
    {
        try
        {
            return await budget.ConnectAsync(destination, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Log.PassthroughRefused(logger, ex, destination, "upstream connect error");
            return null;
        }
    }
}
