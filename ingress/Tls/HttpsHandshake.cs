using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// Picks the handshake options per connection from the SNI the client sent (<see cref="TlsServerTable.Find"/>), so
/// each handshake uses the credential current at that moment. A name no served server claims is refused.
/// </summary>
internal static class HttpsHandshake
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TlsHandshakeCallbackOptions Options(Func<GatewayCredentials> credentials) => new()
    {
        HandshakeTimeout = Timeout,
        OnConnection = context =>
        {
            var serverName = context.ClientHelloInfo.ServerName;
            return credentials().Current.Find(serverName) is { } entry
                ? ValueTask.FromResult(entry.Options)
                : ValueTask.FromException<SslServerAuthenticationOptions>(
                    new AuthenticationException($"no HTTPS server of the ingress serves '{serverName}'"));
        },
    };
}
