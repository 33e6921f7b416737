using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Proxy.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>
/// The TLS side of a mesh inbound listener, decided per handshake: TLS 1.3 only, ALPN h2 and http/1.1, this proxy's
/// current certificate (with its intermediates) read from the <see cref="IWorkloadCertificateSource"/> on every
/// handshake (so a rotation needs no reload and leaves open connections alone), and a client certificate required and
/// checked by <see cref="PeerCertificateValidator"/> against the current trust bundle and this mesh's trust domain. With no certificate, or an
/// expired one, the handshake is refused: mTLS fails closed. Kestrel then exposes the verified client certificate as
/// <c>HttpContext.Connection.ClientCertificate</c>.
/// </summary>
public sealed class InboundTlsOptions(IWorkloadCertificateSource? source, MeshTransportOptions options, TimeProvider time, ILogger<InboundTlsOptions> logger)
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private readonly CertificateContextCache _contexts = new();

    /// <summary>The options to pass to <c>ListenOptions.UseHttps</c>.</summary>
    public TlsHandshakeCallbackOptions Create() => new()
    {
        OnConnection = context => ValueTask.FromResult(ForHandshake((context.Connection.LocalEndPoint as IPEndPoint)?.Port ?? 0)),
        HandshakeTimeout = options.HandshakeTimeout,
    };

    /// <summary>The server options for one handshake on <paramref name="port"/>; throws (refusing the handshake) without a valid certificate.</summary>
    public SslServerAuthenticationOptions ForHandshake(int port)
    {
        var current = source?.Current;
        var now = time.GetUtcNow();
        if (current is null || current.IsExpiredAt(now))
        {
            var reason = source is null ? "no certificate source" : current is null ? "none issued yet" : $"valid {current.NotBefore:O} to {current.NotAfter:O}";
            Log.NoServerCertificate(logger, port, reason);
            throw new AuthenticationException($"This proxy has no valid workload certificate ({reason}).");
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _contexts.For(current),
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = Alpn,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => ValidateClient(certificate as X509Certificate2, chain, current),
        };
    }

    private bool ValidateClient(X509Certificate2? certificate, X509Chain? chain, WorkloadCertificate current)
    {
        if (PeerCertificateValidator.TryValidate(certificate, chain, current, PeerCertificateValidator.ClientAuth, time.GetUtcNow(), out _, out var reason, options.TrustDomain))
        {
            return true;
        }

        Log.ClientCertificateRefused(logger, reason);
        return false;
    }
}
