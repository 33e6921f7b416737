using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// One cleartext port that speaks HTTP/1.1 and HTTP/2 with prior knowledge (h2c), as a mesh listener must: gRPC
/// clients open h2c directly, browsers and most apps send HTTP/1.1. Kestrel alone cannot do both on a cleartext port
/// (with <c>Http1AndHttp2</c> it answers an h2c preface with HTTP_1_1_REQUIRED), so each accepted connection is
/// peeked: one that starts with the HTTP/2 connection preface is handed to the HTTP/2 pipeline of a companion
/// endpoint, any other to the HTTP/1.1 pipeline. The companion endpoint binds loopback port 0 only so Kestrel builds
/// that pipeline; connections made to it directly are closed.
/// </summary>
public static class H2cListener
{
    private static readonly ReadOnlyMemory<byte> Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Listens on <paramref name="address"/>:<paramref name="port"/> for HTTP/1.1 and h2c. <paramref name="configure"/>
    /// runs first, so connection middleware it adds (tags, CONNECT interception) sees every connection of either version.
    /// </summary>
    public static void ListenHttp1AndH2c(this KestrelServerOptions kestrel, IPAddress address, int port, Action<ListenOptions>? configure = null)
    {
        var http2 = CompanionEndpoint.Listen(kestrel, HttpProtocols.Http2);
        kestrel.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            configure?.Invoke(listen);
            var prefaceTimeout = kestrel.Limits.RequestHeadersTimeout;
            listen.Use(http1 => connection => DispatchAsync(connection, http1, http2.Pipeline, prefaceTimeout));
        });
    }

    /// <summary>Hands a plaintext connection to <paramref name="http2"/> when it starts with the HTTP/2 preface, else to <paramref name="http1"/>.</summary>
    internal static async Task DispatchAsync(ConnectionContext connection, ConnectionDelegate http1, ConnectionDelegate? http2, TimeSpan prefaceTimeout)
    {
        bool isHttp2;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            timeout.CancelAfter(prefaceTimeout);
            try
            {
                isHttp2 = await ConnectionPeek.StartsWithAsync(connection.Transport.Input, Preface, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException("No request within the request headers timeout."));
                return;
            }
        }

        await (isHttp2 && http2 is not null ? http2 : http1)(connection);
    }
}
