using System.Net;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>The mesh inbound port (<c>ListenMeshInbound</c>) over real TLS on loopback: modes, ALPN, refused certificates, failing closed.</summary>
public sealed class InboundMtlsTests : IDisposable
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private static readonly SpiffeId Productpage = new("cluster.local", "default", "productpage");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Fact]
    public async Task Inbound_StrictPlaintextRequest_ConnectionRefused()
    {
        var policy = new SettableMtlsPolicy(MutualTlsMode.Strict);
        await using var server = await MeshInboundServer.StartAsync(new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), policy);
        using var http1 = new MeshTestClient(null, _ca.Root);
        using var h2c = new MeshTestClient(null, _ca.Root, HttpVersion.Version20);

        await Assert.ThrowsAsync<HttpRequestException>(() => http1.Http.GetAsync(server.Plain));
        await Assert.ThrowsAsync<HttpRequestException>(() => h2c.Http.GetAsync(server.Plain));

        Assert.Equal(0, server.Requests);
        Assert.Contains(server.Port, policy.AskedPorts);
    }

    [Fact]
    public async Task Inbound_StrictMutualTls_AcceptedWithPeerIdentity()
    {
        await using var server = await MeshInboundServer.StartAsync(
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Strict));
        var client = _ca.Issue(Productpage);
        using var mtls = new MeshTestClient(client, _ca.Root);

        var echo = await mtls.GetEchoAsync(server.Secure);

        Assert.Equal(Productpage.ToString(), echo.Peer);
        Assert.Equal(client.SerialNumber, echo.PeerSerial);
    }

    [Fact]
    public async Task Inbound_PermissiveSamePort_AcceptsPlaintextAndMutualTls()
    {
        await using var server = await MeshInboundServer.StartAsync(
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Permissive));
        using var plain = new MeshTestClient(null, _ca.Root);
        using var h2c = new MeshTestClient(null, _ca.Root, HttpVersion.Version20);
        using var mtls = new MeshTestClient(_ca.Issue(Productpage), _ca.Root);

        var plainEcho = await plain.GetEchoAsync(server.Plain);
        var h2cEcho = await h2c.GetEchoAsync(server.Plain);
        var mtlsEcho = await mtls.GetEchoAsync(server.Secure);

        Assert.Equal(("HTTP/1.1", null, null), (plainEcho.Protocol, plainEcho.Tls, plainEcho.Peer));
        Assert.Equal(("HTTP/2", null, null), (h2cEcho.Protocol, h2cEcho.Tls, h2cEcho.Peer));
        Assert.Equal(Productpage.ToString(), mtlsEcho.Peer);
    }

    [Fact]
    public async Task Inbound_Http2ByAlpn_NegotiatesHttp2OverTls13()
    {
        await using var server = await MeshInboundServer.StartAsync(
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Strict));
        X509Seen seen = new();
        using var h2 = new MeshTestClient(_ca.Issue(Productpage), _ca.Root, HttpVersion.Version20, seen.Add);
        using var http1 = new MeshTestClient(_ca.Issue(Productpage), _ca.Root, HttpVersion.Version11);

        var h2Echo = await h2.GetEchoAsync(server.Secure);
        var http1Echo = await http1.GetEchoAsync(server.Secure);

        Assert.Equal(("HTTP/2", "Tls13"), (h2Echo.Protocol, h2Echo.Tls));
        Assert.Equal(("HTTP/1.1", "Tls13"), (http1Echo.Protocol, http1Echo.Tls));
        Assert.Equal(Reviews, SpiffeId.FromCertificate(seen.Last));
    }

    [Fact]
    public async Task Inbound_DisableMode_TlsRefusedPlaintextServed()
    {
        await using var server = await MeshInboundServer.StartAsync(
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Disable));
        using var mtls = new MeshTestClient(_ca.Issue(Productpage), _ca.Root);
        using var plain = new MeshTestClient(null, _ca.Root);

        await Assert.ThrowsAsync<HttpRequestException>(() => mtls.Http.GetAsync(server.Secure));
        var echo = await plain.GetEchoAsync(server.Plain);

        Assert.Null(echo.Peer);
        Assert.Equal(1, server.Requests);
    }

    public static TheoryData<string> RefusedClientCertificates => ["foreign CA", "expired", "no SAN", "two SANs", "not yet valid", "no clientAuth", "none"];

    [Theory]
    [MemberData(nameof(RefusedClientCertificates))]
    public async Task Inbound_BadClientCertificate_HandshakeRefused(string kind)
    {
        using var foreign = TestCertificateAuthority.Create("foreign root");
        var now = DateTimeOffset.UtcNow;
        var certificate = kind switch
        {
            "foreign CA" => foreign.Issue(Productpage),
            "expired" => _ca.Issue([Productpage.ToString()], now.AddHours(-2), now.AddMinutes(-5)),
            "not yet valid" => _ca.Issue([Productpage.ToString()], now.AddHours(1), now.AddHours(2)),
            "no SAN" => _ca.Issue([]),
            "two SANs" => _ca.Issue([Productpage.ToString(), Reviews.ToString()]),
            "no clientAuth" => _ca.Issue([Productpage.ToString()], null, null, TestCertificateAuthority.ServerAuth),
            _ => null,
        };
        await using var server = await MeshInboundServer.StartAsync(
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Permissive));
        using var client = new MeshTestClient(certificate, _ca.Root);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.Http.GetAsync(server.Secure));

        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Inbound_ExpiredServerCertificate_FailsClosed()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = _ca.Workload(Reviews, now.AddHours(-2), now.AddMinutes(-1));
        await using var server = await MeshInboundServer.StartAsync(new SwappableCertificateSource(Reviews, expired), new SettableMtlsPolicy(MutualTlsMode.Strict));
        using var mtls = new MeshTestClient(_ca.Issue(Productpage), _ca.Root);
        using var plain = new MeshTestClient(null, _ca.Root);

        await Assert.ThrowsAsync<HttpRequestException>(() => mtls.Http.GetAsync(server.Secure));
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.Http.GetAsync(server.Plain));

        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Inbound_NoCertificateYetOrNoSource_TlsRefusedPermissivePlaintextServed()
    {
        await using var noneYet = await MeshInboundServer.StartAsync(new SwappableCertificateSource(Reviews, null), new SettableMtlsPolicy(MutualTlsMode.Permissive));
        await using var noSource = await MeshInboundServer.StartAsync(null, new SettableMtlsPolicy(MutualTlsMode.Permissive));
        using var mtls = new MeshTestClient(_ca.Issue(Productpage), _ca.Root);
        using var plain = new MeshTestClient(null, _ca.Root);

        await Assert.ThrowsAsync<HttpRequestException>(() => mtls.Http.GetAsync(noneYet.Secure));
        await Assert.ThrowsAsync<HttpRequestException>(() => mtls.Http.GetAsync(noSource.Secure));

        Assert.Null((await plain.GetEchoAsync(noneYet.Plain)).Peer);
        Assert.Null((await plain.GetEchoAsync(noSource.Plain)).Peer);
    }

    public void Dispose() => _ca.Dispose();

    private sealed class X509Seen
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2? Last { get; private set; }

        public void Add(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) => Last = certificate;
    }
}
