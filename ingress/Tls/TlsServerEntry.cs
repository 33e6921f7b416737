using System.Net.Security;
using System.Security.Authentication;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Ingress.Tls;

/// <summary>
/// A served HTTPS server: its hosts and the handshake options built once from its credential: the certificate
/// context, TLS 1.2 or later (narrowed by <c>minProtocolVersion</c>/<c>maxProtocolVersion</c>), ALPN h2 and
/// http/1.1, and for MUTUAL and OPTIONAL_MUTUAL a client certificate checked against the server's CA.
/// </summary>
internal sealed class TlsServerEntry
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    public TlsServerEntry(GatewayTlsServer server, ServerCredential credential)
    {
        Server = server;
        Credential = credential;
        var mode = server.Tls.Mode ?? ServerTlsMode.Simple;
        var clientCertificates = mode is ServerTlsMode.Mutual or ServerTlsMode.OptionalMutual && credential.ClientRoots is { } roots
            ? new ClientCertificateCheck(roots, Required: mode == ServerTlsMode.Mutual)
            : null;
        Options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = credential.Context,
            EnabledSslProtocols = Protocols(server.Tls),
            ApplicationProtocols = Alpn,
            ClientCertificateRequired = clientCertificates is not null,
            RemoteCertificateValidationCallback = clientCertificates is null ? null : clientCertificates.Validate,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
    }

    public GatewayTlsServer Server { get; }

    public ServerCredential Credential { get; }

    public SslServerAuthenticationOptions Options { get; }

    /// <summary>TLS 1.2 and 1.3 unless the settings narrow them; versions below 1.2 are never enabled.</summary>
    internal static SslProtocols Protocols(ServerTlsSettings tls)
    {
        var min = tls.MinProtocolVersion is TlsProtocol.Tlsv1_3 ? 13 : 12;
        var max = tls.MaxProtocolVersion is TlsProtocol.Tlsv1_2 ? 12 : 13;
        var protocols = SslProtocols.None;
        if (min <= 12 && max >= 12)
        {
            protocols |= SslProtocols.Tls12;
        }

        if (max >= 13)
        {
            protocols |= SslProtocols.Tls13;
        }

        return protocols == SslProtocols.None ? SslProtocols.Tls13 : protocols;
    }
}
