using System.Net;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Protocols;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// Sorts each connection accepted on a mesh inbound port by its first byte and the port's mTLS mode
/// (<see cref="IInboundMtlsPolicy"/>, read per connection so a policy change applies to the next one):
/// <list type="bullet">
/// <item>a TLS handshake goes to the TLS pipeline, unless the mode is DISABLE (plaintext only): then it is closed;</item>
/// <item>plaintext goes to the HTTP/1.1 or h2c pipeline, unless the mode is STRICT: then it is closed without an answer;</item>
/// <item>a connection that sends nothing within the request-headers timeout is closed.</item>
/// </list>
/// </summary>
public sealed class InboundMtlsDispatcher(IInboundMtlsPolicy policy, ILogger<InboundMtlsDispatcher> logger)
{
    public async Task DispatchAsync(
        ConnectionContext connection, ConnectionDelegate http1, ConnectionDelegate? http2, ConnectionDelegate? tls, TimeSpan firstByteTimeout)
    {
        var port = (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        bool isTls;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            timeout.CancelAfter(firstByteTimeout);
            try
            {
                isTls = await TlsSniffing.StartsWithTlsAsync(connection.Transport.Input, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Log.FirstByteTimeout(logger, port, firstByteTimeout);
                connection.Abort(new ConnectionAbortedException("Nothing sent within the request headers timeout."));
                return;
            }
        }

        var mode = policy.ModeFor(port, connection.Features.Get<IDialledPortFeature>()?.Port);
        if (isTls)
        {
            if (mode == MutualTlsMode.Disable || tls is null)
            {
                Log.TlsRefused(logger, port, mode);
                connection.Abort(new ConnectionAbortedException("TLS is disabled on this port."));
                return;
            }

            await tls(connection);
            return;
        }

        if (mode == MutualTlsMode.Strict)
        {
            Log.PlaintextRefused(logger, port, mode);
            connection.Abort(new ConnectionAbortedException("Plaintext is refused on this port (STRICT mTLS)."));
            return;
        }

        await H2cListener.DispatchAsync(connection, http1, http2, firstByteTimeout);
    }
}
