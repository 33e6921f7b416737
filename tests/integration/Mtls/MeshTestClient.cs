using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>
/// A plain test client for a mesh inbound port: presents a client certificate (or none), offers TLS 1.3, accepts a
/// server certificate that chains to the given root, and reports each one it sees, so tests can check what the server presented.
/// </summary>
public sealed class MeshTestClient : IDisposable
{
    private readonly HttpClient _client;

    public MeshTestClient(X509Certificate2? clientCertificate, X509Certificate2 root, Version? version = null, Action<X509Certificate2>? serverCertificateSeen = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    serverCertificateSeen?.Invoke((X509Certificate2)certificate!);
                    return ChainsTo((X509Certificate2)certificate!, root);
                },
            },
        };
        _client = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public HttpClient Http => _client;

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public async Task<InboundEcho> GetEchoAsync(Uri uri)
    {
        using var response = await _client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<InboundEcho>(body, JsonSerializerOptions.Web)!;
    }

    public void Dispose() => _client.Dispose();
}
