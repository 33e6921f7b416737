using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>Real sidecars: the verified caller reaches the app in XFCC, spoofed XFCC never does, and sidecars reach each other over auto-mTLS.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarMtlsTests(RedisServerFixture redis) : IDisposable
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private static readonly SpiffeId Productpage = new("cluster.local", "default", "productpage");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Fact]
    public async Task Inbound_MutualTlsCallerWithSpoofedXfcc_AppSeesOnlyTheVerifiedPeer()
    {
        await using var app = await UpstreamApp.StartAsync("reviews-app");
        await using var sidecar = await MeshSidecar.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "reviews", app.Port,
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Permissive));
        var caller = _ca.Issue(Productpage);
        using var mtls = new MeshTestClient(caller, _ca.Root, HttpVersion.Version20);
        using var plain = new MeshTestClient(null, _ca.Root);

        var viaMtls = await GetEchoAsync(mtls.Http, sidecar.SecureInbound);
        var viaPlaintext = await GetEchoAsync(plain.Http, sidecar.Listeners.InboundUri);

        var hash = Convert.ToHexStringLower(SHA256.HashData(caller.RawData));
        Assert.Equal($"By={Reviews};Hash={hash};URI={Productpage}", viaMtls.Headers["x-forwarded-client-cert"]);
        Assert.False(viaPlaintext.Headers.ContainsKey("x-forwarded-client-cert"));
    }

    [Fact]
    public async Task Inbound_StrictPlaintextCaller_RefusedAndAppNeverCalled()
    {
        await using var app = await UpstreamApp.StartAsync("reviews-app");
        await using var sidecar = await MeshSidecar.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "reviews", app.Port,
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Strict));
        using var plain = new MeshTestClient(null, _ca.Root);

        await Assert.ThrowsAsync<HttpRequestException>(() => plain.Http.GetAsync(sidecar.Listeners.InboundUri));

        Assert.False(app.FirstRequest.Task.IsCompleted);
    }

    [Fact]
    public async Task Outbound_SidecarToStrictSidecar_AutoMutualTlsCarriesTheCallersIdentity()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var reviewsApp = await UpstreamApp.StartAsync("reviews-app");
        await using var reviews = await MeshSidecar.StartAsync(
            redis.ConnectionString, prefix, "reviews", reviewsApp.Port,
            new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Strict), registry);
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(Timeout);
        await using var productApp = await UpstreamApp.StartAsync("productpage-app");
        await using var productpage = await MeshSidecar.StartAsync(
            redis.ConnectionString, prefix, "productpage", productApp.Port,
            new SwappableCertificateSource(Productpage, _ca.Workload(Productpage)), new SettableMtlsPolicy(MutualTlsMode.Permissive));
        await productpage.State.WaitForRevisionAsync(reviews.Registration.CurrentLease!.Revision).WaitAsync(Timeout);
        using var outbound = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(productpage.Listeners.OutboundUri) { BypassProxyOnLocal = false }, UseProxy = true });

        var echo = await GetEchoAsync(outbound, new Uri("http://reviews:9080/reviews/0"));

        Assert.Equal("reviews-app", echo.Instance);
        Assert.Matches($"^By={Reviews};Hash=[0-9a-f]{{64}};URI={Productpage}$", echo.Headers["x-forwarded-client-cert"]);
    }

    public void Dispose() => _ca.Dispose();

    private static async Task<UpstreamEcho> GetEchoAsync(HttpClient client, Uri uri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("x-forwarded-client-cert", "By=spiffe://cluster.local/ns/default/sa/reviews;URI=spiffe://cluster.local/ns/default/sa/admin");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<UpstreamEcho>(body, JsonSerializerOptions.Web)!;
    }
}
