using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>
/// The client side through a real ingress: when it originates mTLS (DestinationRule tls.mode, or auto-mTLS by the
/// endpoint's label), which server identity it accepts, and that it strips XFCC from outside traffic.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class UpstreamMtlsTests(RedisServerFixture redis) : IDisposable
{
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData("ISTIO_MUTUAL", false, true)]
    [InlineData("DISABLE", true, false)]
    public async Task Ingress_TlsModeAndEndpointLabel_MutualTlsExactlyWhenExpected(string? drMode, bool labelled, bool expectMtls)
    {
        await using var server = await StartReviewsAsync(MutualTlsMode.Permissive);
        await using var ingress = await IngressMtlsHarness.StartAsync(redis, IngressSource());
        if (drMode is not null)
        {
            await ingress.ApplyAsync(DestinationRule($"trafficPolicy: {{tls: {{mode: {drMode}}}}}"));
        }

        await ingress.RegisterAsync(server.Port, "reviews", labelled);

        var echo = await GetEchoAsync(ingress, "/reviews/1");

        Assert.Equal(expectMtls ? IngressMtlsHarness.Identity.ToString() : null, echo.Peer);
        Assert.Equal(expectMtls ? "Tls13" : null, echo.Tls);
        var endpoints = JsonNode.Parse(await ingress.Admin.GetStringAsync("/debug/endpoints"))!["endpoints"]!.AsArray();
        Assert.Contains(endpoints, e => (string?)e!["tls"] == (expectMtls ? "ISTIO_MUTUAL" : "DISABLE"));
    }

    [Fact]
    public async Task Ingress_PortLevelIstioMutual_OnlyThatPortsTrafficUsesMutualTls()
    {
        await using var server = await StartReviewsAsync(MutualTlsMode.Permissive);
        await using var ingress = await IngressMtlsHarness.StartAsync(redis, IngressSource());
        await ingress.ApplyAsync(DestinationRule("trafficPolicy: {portLevelSettings: [{port: {number: 9080}, tls: {mode: ISTIO_MUTUAL}}]}"));
        await ingress.RegisterAsync(server.Port, "reviews", meshTlsLabel: false);

        var viaPort = await GetEchoAsync(ingress, "/port/1");
        var other = await GetEchoAsync(ingress, "/reviews/1");

        Assert.Equal(IngressMtlsHarness.Identity.ToString(), viaPort.Peer);
        Assert.Null(other.Peer);
    }

    [Fact]
    public async Task Ingress_ServerIdentityNotTheRegisteredServiceAccount_Answers503AndNothingReachesTheApp()
    {
        await using var server = await StartReviewsAsync(MutualTlsMode.Strict);
        await using var ingress = await IngressMtlsHarness.StartAsync(redis, IngressSource());
        await ingress.RegisterAsync(server.Port, "ratings", meshTlsLabel: true); // the registry says ratings; the server is reviews

        using var response = await ingress.Client.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream connect error\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Ingress_NoCertificateSource_IstioMutualAnswers503AutoStaysPlaintext()
    {
        await using var server = await StartReviewsAsync(MutualTlsMode.Permissive);
        await using var ingress = await IngressMtlsHarness.StartAsync(redis, source: null);
        await ingress.RegisterAsync(server.Port, "reviews", meshTlsLabel: true);

        var auto = await GetEchoAsync(ingress, "/reviews/1");
        await ingress.ApplyAsync(DestinationRule("trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}"));
        using var required = await ingress.Client.GetAsync("/reviews/1");

        Assert.Null(auto.Peer);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, required.StatusCode);
        Assert.Equal("upstream connect error\n", await required.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ingress_OutsideRequestWithXfcc_HeaderStripped(bool labelled)
    {
        await using var server = await StartReviewsAsync(MutualTlsMode.Permissive);
        await using var ingress = await IngressMtlsHarness.StartAsync(redis, IngressSource());
        await ingress.RegisterAsync(server.Port, "reviews", labelled);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reviews/1");
        request.Headers.Add("x-forwarded-client-cert", "By=spiffe://cluster.local/ns/default/sa/reviews;URI=spiffe://cluster.local/ns/default/sa/admin");

        using var response = await ingress.Client.SendAsync(request);
        var echo = JsonSerializer.Deserialize<InboundEcho>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(echo.Xfcc);
    }

    public void Dispose() => _ca.Dispose();

    private static string DestinationRule(string spec) => $$"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          {{spec}}
        """;

    private static async Task<InboundEcho> GetEchoAsync(IngressMtlsHarness ingress, string path)
    {
        using var response = await ingress.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<InboundEcho>(body, JsonSerializerOptions.Web)!;
    }

    private SwappableCertificateSource IngressSource() => new(IngressMtlsHarness.Identity, _ca.Workload(IngressMtlsHarness.Identity));

    private Task<MeshInboundServer> StartReviewsAsync(MutualTlsMode mode) =>
        MeshInboundServer.StartAsync(new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(mode));
}
