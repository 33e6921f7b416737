using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>
/// A hidden Kestrel endpoint whose connection pipeline a public listener borrows: it binds loopback port 0 only so
/// Kestrel builds a pipeline for its protocols (and, after the capture point, any connection middleware such as
/// <c>UseHttps</c>); the public listener hands it connections it has peeked. Connections made to it directly are closed.
/// </summary>
internal sealed class CompanionEndpoint
{
    private ConnectionDelegate? _pipeline;

    /// <summary>The borrowed pipeline; null until Kestrel has built it (before the public listener accepts anything).</summary>
    public ConnectionDelegate? Pipeline => _pipeline;

    /// <param name="after">Connection middleware to add after the capture point, so the borrowed pipeline runs it (e.g. TLS).</param>
    public static CompanionEndpoint Listen(KestrelServerOptions kestrel, HttpProtocols protocols, Action<ListenOptions>? after = null)
    {
        var companion = new CompanionEndpoint();
        kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            listen.Use(next =>
            {
                companion._pipeline = next;
                return connection =>
                {
                    connection.Abort();
                    return Task.CompletedTask;
                };
            });
            after?.Invoke(listen);
        });
        return companion;
    }
}
