using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Protocols;
using GatewayMesh.Sidecar.Settings;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.WebUtilities;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>
/// Connection middleware of the outbound listener: a connection whose first request is <c>CONNECT host:port</c> becomes
/// a TCP tunnel (HTTPS through the proxy, or a WebSocket client that tunnels through its HTTP proxy). Any other
/// connection goes on to Kestrel's HTTP handling untouched. The target comes from <see cref="ConnectTargetResolver"/>;
/// at most <see cref="SidecarOptions.MaxTunnels"/> tunnels and passthrough streams together are open at once (<see cref="TunnelBudget"/>; 503 beyond); a failed connect answers
/// 503; a tunnel is closed after <see cref="SidecarOptions.TunnelIdleTimeout"/> without a byte either way.
/// Every failure ends only the one connection. Each opened tunnel is recorded (Istio's <c>istio_tcp_*</c> metrics) by the
/// registered <see cref="ITcpStreamRecorder"/>, when there is one.
/// </summary>
internal sealed class ConnectTunnelHandler(
    ConnectTargetResolver resolver,
    TunnelBudget budget,
    SidecarOptions options,
    TimeProvider time,
    ILogger<ConnectTunnelHandler> logger,
    ITcpStreamRecorder? recorder = null)
{
    private static readonly ReadOnlyMemory<byte> ConnectPrefix = "CONNECT "u8.ToArray();

    /// <summary>The middleware for <c>ListenOptions.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => InvokeAsync(connection, next);

    private async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var isConnect = false;
        ConnectRequest? request = null;
        using (var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            headTimeout.CancelAfter(options.TunnelHeadTimeout);
            try
            {
                isConnect = await ConnectionPeek.StartsWithAsync(connection.Transport.Input, ConnectPrefix, headTimeout.Token);
                if (isConnect)
                {
                    var head = await ConnectHead.ReadAsync(connection.Transport.Input, headTimeout.Token);
                    var error = "CONNECT request head incomplete or too large";
                    request = head is null ? null : ConnectRequest.Parse(head, out error);
                    if (request is null)
                    {
                        await ReplyAsync(connection, StatusCodes.Status400BadRequest, error);
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException("No complete request head in time."));
                return;
            }
        }

        if (!isConnect || request is null)
        {
            await next(connection);
            return;
        }

        try
        {
            await TunnelAsync(connection, request);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Log.TunnelFailed(logger, ex, request.Authority);
        }
    }

    private async Task TunnelAsync(ConnectionContext connection, ConnectRequest request)
    {
        if (!budget.TryTake())
        {
            Log.TunnelRefused(logger, request.Authority, "too many tunnels");
            await ReplyAsync(connection, StatusCodes.Status503ServiceUnavailable, $"too many open tunnels (limit {budget.Limit})");
            return;
        }

        try
        {
            var source = (connection.RemoteEndPoint as IPEndPoint)?.Address;
            var decision = resolver.Resolve(request, source);
            using var lease = decision.Lease;
            if (decision.Refused)
            {
                Log.TunnelRefused(logger, request.Authority, decision.Reason);
                await ReplyAsync(connection, decision.Status, decision.Reason);
                return;
            }

            using var upstream = await ConnectAsync(decision.Host!, decision.Port, connection.ConnectionClosed);
            if (upstream is null)
            {
                await ReplyAsync(connection, StatusCodes.Status503ServiceUnavailable, LocalReplies.ConnectError);
                return;
            }

            await connection.Transport.Output.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), connection.ConnectionClosed);
            Log.TunnelOpened(logger, request.Authority, decision.Upstream, decision.Host!, decision.Port);
            var observer = recorder?.Open(new TcpStreamStart(ProxyListener.SidecarOutbound, decision.Endpoint, decision.ServiceHost, decision.Upstream));
            var relay = await TcpRelay.RunAsync(connection.Transport, upstream, options.TunnelIdleTimeout, time, observer, connection.ConnectionClosed);
            Log.TunnelClosed(logger, request.Authority, relay.TimedOut);
        }
        finally
        {
            budget.Release();
        }
    }

    private async Task<Socket?> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            return await budget.ConnectAsync(new DnsEndPoint(host, port), cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Log.TunnelConnectFailed(logger, ex, host, port);
            return null;
        }
    }

    private static async Task ReplyAsync(ConnectionContext connection, int status, string reason)
    {
        var body = Encoding.UTF8.GetBytes(reason + "\n");
        var head = $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray(), connection.ConnectionClosed);
    }
}
