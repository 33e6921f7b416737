using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress.Tls;

/// <summary>The ingress's HTTPS listener with real TLS on loopback: certificates by SNI, MUTUAL, httpsRedirect, bad credentials.</summary>
[Collection(RedisCollection.Name)]
public sealed class IngressTlsTests(RedisServerFixture redis) : IAsyncLifetime
{
    private IngressTlsHarness _tls = null!;

    public async Task InitializeAsync() => _tls = await IngressTlsHarness.StartAsync(redis);

    public async Task DisposeAsync() => await _tls.DisposeAsync();

    [Fact]
    public async Task SimpleServers_TwoHostsTwoCredentials_EachHostGetsItsCertificateBySni()
    {
        var a = _tls.WriteCredential("a-credential", "a.example.com");
        var b = _tls.WriteCredential("b-credential", "b.example.com");
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("a.example.com", "a-credential") + "\n" + TlsConfigs.HttpsServer("b.example.com", "b-credential")), TlsConfigs.WebRoute);
        using var client = _tls.Client();

        using var toA = await client.GetAsync("a.example.com", "/hello?x=1");
        using var toB = await client.GetAsync("b.example.com", "/hello");

        Assert.Equal(HttpStatusCode.OK, toA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, toB.StatusCode);
        Assert.Equal(a.Thumbprint, (await HttpsClient.HandshakeAsync(_tls.HttpsPort, "a.example.com", _tls.Pki.Root)).Thumbprint);
        Assert.Equal(b.Thumbprint, (await HttpsClient.HandshakeAsync(_tls.HttpsPort, "b.example.com", _tls.Pki.Root)).Thumbprint);
        var echo = JsonSerializer.Deserialize<UpstreamEcho>(await toA.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal(("web-v1", "/hello", "?x=1", "https"), (echo.Instance, echo.Path, echo.Query, echo.Headers["x-forwarded-proto"]));
    }

    [Fact]
    public async Task WildcardServer_SubdomainSniOverH2_ServedAndForwardedToAnHttp11Upstream()
    {
        var wildcard = _tls.WriteCredential("wild", "*.example.com");
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("*.example.com", "wild")), TlsConfigs.WebRoute);
        using var client = _tls.Client();

        using var response = await client.GetAsync("shop.example.com", "/", HttpVersion.Version20); // as a browser: h2 by ALPN
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _tls.HttpsPort);
        await using var stream = new System.Net.Security.SslStream(tcp.GetStream());
        await stream.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "deep.shop.example.com",
            ApplicationProtocols = [System.Net.Security.SslApplicationProtocol.Http2, System.Net.Security.SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => HttpsClient.Trusts(_tls.Pki.Root, certificate),
        });

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version)); // the upstream speaks only HTTP/1.1
        Assert.Equal(System.Net.Security.SslApplicationProtocol.Http2, stream.NegotiatedApplicationProtocol);
        Assert.Equal(wildcard.Thumbprint, new System.Security.Cryptography.X509Certificates.X509Certificate2(stream.RemoteCertificate!).Thumbprint);
    }

    [Fact]
    public async Task UnknownSni_Handshake_Refused()
    {
        _tls.WriteCredential("a-credential", "a.example.com");
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("a.example.com", "a-credential")), TlsConfigs.WebRoute);

        await Assert.ThrowsAnyAsync<Exception>(() => HttpsClient.HandshakeAsync(_tls.HttpsPort, "other.example.com", _tls.Pki.Root));
        await Assert.ThrowsAnyAsync<Exception>(() => HttpsClient.HandshakeAsync(_tls.HttpsPort, null, _tls.Pki.Root));
        using var client = _tls.Client();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("other.example.com", "/"));
    }

    [Fact]
    public async Task MutualServer_ClientCertificates_OnlyOneFromTheServersCaAccepted()
    {
        var leaf = _tls.Pki.IssueServer("secure.example.com");
        using var clientCa = TestPki.Create("client-root");
        using var foreignCa = TestPki.Create("foreign-root");
        TestPki.WriteCredential(Path.Combine(_tls.CredentialsDir.Path, "secure"), leaf, clientCa.Root);
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("secure.example.com", "secure", mode: "MUTUAL")), TlsConfigs.WebRoute);

        using var anonymous = _tls.Client();
        using var foreign = _tls.Client(foreignCa.IssueClient("intruder"));
        using var member = _tls.Client(clientCa.IssueClient("partner"));

        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync("secure.example.com", "/"));
        await Assert.ThrowsAsync<HttpRequestException>(() => foreign.GetAsync("secure.example.com", "/"));
        using var accepted = await member.GetAsync("secure.example.com", "/");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task MutualServer_CaFromSeparateCacertCredential_Accepted()
    {
        using var clientCa = TestPki.Create("client-root");
        _tls.WriteCredential("split", "split.example.com");
        TestPki.Replace(Path.Combine(Directory.CreateDirectory(Path.Combine(_tls.CredentialsDir.Path, "split-cacert")).FullName, "ca.crt"), clientCa.Root.ExportCertificatePem());
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("split.example.com", "split", mode: "MUTUAL")), TlsConfigs.WebRoute);

        using var member = _tls.Client(clientCa.IssueClient("partner"));
        using var anonymous = _tls.Client();

        using var accepted = await member.GetAsync("split.example.com", "/");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetAsync("split.example.com", "/"));
    }

    [Fact]
    public async Task HttpsRedirectServer_HttpRequest_301ToTheHttpsListenerThatServesIt()
    {
        _tls.WriteCredential("site", "site.example.com");
        await _tls.ApplyAsync(
            TlsConfigs.Gateway("""
                  - port: {number: 80, name: http, protocol: HTTP}
                    hosts: ["site.example.com"]
                    tls: {httpsRedirect: true}
                """ + "\n" + TlsConfigs.HttpsServer("site.example.com", "site")),
            TlsConfigs.WebRoute);

        using var redirect = await _tls.Ingress.SendAsync(HttpMethod.Get, "/page?q=1", host: "site.example.com");

        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.Equal($"https://site.example.com:{_tls.HttpsPort}/page?q=1", location.ToString());
        using var client = _tls.Client();
        using var followed = await client.GetAsync(location.Host, location.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }

    [Fact]
    public async Task MissingCredential_ErrorNamesTheField_OtherServerStillServed()
    {
        var good = _tls.WriteCredential("good", "good.example.com");
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("missing.example.com", "missing") + "\n" + TlsConfigs.HttpsServer("good.example.com", "good")), TlsConfigs.WebRoute);

        Assert.Contains(_tls.Logs.Lines, line => line.Contains("spec.servers[0].tls.credentialName", StringComparison.Ordinal) && line.Contains("missing", StringComparison.Ordinal));
        Assert.Equal(good.Thumbprint, (await HttpsClient.HandshakeAsync(_tls.HttpsPort, "good.example.com", _tls.Pki.Root)).Thumbprint);
        await Assert.ThrowsAnyAsync<Exception>(() => HttpsClient.HandshakeAsync(_tls.HttpsPort, "missing.example.com", _tls.Pki.Root));
        Assert.DoesNotContain("PRIVATE KEY", _tls.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxProtocolTls12_ClientOfferingOnlyTls13_Refused()
    {
        _tls.WriteCredential("old", "old.example.com");
        await _tls.ApplyAsync(TlsConfigs.Gateway(TlsConfigs.HttpsServer("old.example.com", "old", extra: ", maxProtocolVersion: TLSV1_2")), TlsConfigs.WebRoute);

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _tls.HttpsPort);
        await using var stream = new System.Net.Security.SslStream(tcp.GetStream());

        await Assert.ThrowsAnyAsync<Exception>(() => stream.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "old.example.com",
            EnabledSslProtocols = SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => HttpsClient.Trusts(_tls.Pki.Root, certificate),
        }));
        using var client = _tls.Client();
        using var response = await client.GetAsync("old.example.com", "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ForwardedClientCertFromOutside_BothListeners_Stripped()
    {
        _tls.WriteCredential("any", "localhost");
        await _tls.ApplyAsync(
            TlsConfigs.Gateway("""
                  - port: {number: 80, name: http, protocol: HTTP}
                    hosts: ["*"]
                """ + "\n" + TlsConfigs.HttpsServer("*", "any")),
            TlsConfigs.WebRoute);

        using var overHttp = await _tls.Ingress.SendAsync(HttpMethod.Get, "/", configure: r => r.Headers.Add("x-forwarded-client-cert", "By=spiffe://cluster.local/ns/default/sa/admin"));
        using var httpsClient = _tls.Client();
        using var overHttps = await httpsClient.SendAsync("localhost", "/", r => r.Headers.Add("x-forwarded-client-cert", "By=spiffe://cluster.local/ns/default/sa/admin"));

        foreach (var response in new[] { overHttp, overHttps })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var echo = JsonSerializer.Deserialize<UpstreamEcho>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
            Assert.False(echo.Headers.ContainsKey("x-forwarded-client-cert"), string.Join(", ", echo.Headers.Keys));
        }
    }
}
