using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>
/// Requests to the ingress's HTTPS listener for any host name: the connection always goes to 127.0.0.1:port, the
/// SNI and Host are the request's host. The server certificate must chain to <paramref name="trusted"/> (custom root
/// trust) and is recorded; one connection per request unless <paramref name="pooled"/>, so every request is a handshake.
/// </summary>
internal sealed class HttpsClient(int port, X509Certificate2 trusted, X509Certificate2? clientCertificate = null, bool pooled = false) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = pooled ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => Trusts(trusted, certificate),
        },
    })
    {
        Timeout = IngressHarness.Timeout,
    };

    public Task<HttpResponseMessage> GetAsync(string host, string path, Version? version = null) =>
        SendAsync(host, path, r => r.Version = version ?? HttpVersion.Version11);

    public Task<HttpResponseMessage> SendAsync(string host, string path, Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}:{port}{path}") { VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        configure(request);
        return _client.SendAsync(request);
    }

    /// <summary>The certificate the server presents for <paramref name="serverName"/> (no HTTP), or the handshake's exception.</summary>
    public static async Task<X509Certificate2> HandshakeAsync(int port, string? serverName, X509Certificate2 trusted)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName ?? "",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => Trusts(trusted, certificate), // host names: the test asserts which certificate it was
        });
        return new X509Certificate2(tls.RemoteCertificate!);
    }

    public void Dispose() => _client.Dispose();

    internal static bool Trusts(X509Certificate2 root, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
