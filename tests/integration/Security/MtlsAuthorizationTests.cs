using System.Net;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>
/// AuthorizationPolicy enforcement with principals from real mTLS client certificates (issue 5: "allow only productpage
/// to call reviews", "deny POST"), and a policy change through the config store that applies without a restart.
/// </summary>
public sealed class MtlsAuthorizationTests : IAsyncLifetime
{
    private const string ProductpageId = "spiffe://cluster.local/ns/default/sa/bookinfo-productpage";
    private const string RatingsId = "spiffe://cluster.local/ns/default/sa/bookinfo-ratings";

    private const string AllowOnlyProductpage = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: reviews-viewer, namespace: default}
        spec:
          selector: {matchLabels: {app: reviews}}
          action: ALLOW
          rules:
          - from: [{source: {principals: [cluster.local/ns/default/sa/bookinfo-productpage]}}]
            to: [{operation: {methods: [GET, POST]}}]
        """;

    private const string DenyPost = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-post, namespace: default}
        spec:
          action: DENY
          rules:
          - to: [{operation: {methods: [POST]}}]
        """;

    private MtlsAuthorizationHost _host = null!;
    private X509Certificate2 _productpage = null!;
    private X509Certificate2 _ratings = null!;

    public async Task InitializeAsync()
    {
        _host = await MtlsAuthorizationHost.StartAsync();
        _productpage = _host.Ca.IssueWorkload(ProductpageId);
        _ratings = _host.Ca.IssueWorkload(RatingsId);
    }

    public async Task DisposeAsync()
    {
        _productpage.Dispose();
        _ratings.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task AllowOnlyProductpage_ProductpageCertAllowed_RatingsCertAndNoCertDenied()
    {
        await _host.ApplyAsync(AllowOnlyProductpage);

        using (var productpage = _host.Client(_productpage))
        {
            using var allowed = await productpage.GetAsync("/reviews/1");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("reviews ok", await allowed.Content.ReadAsStringAsync());
        }

        using (var ratings = _host.Client(_ratings))
        {
            await AssertDeniedAsync(await ratings.GetAsync("/reviews/1"));
        }

        using var anonymous = _host.Client(null);
        await AssertDeniedAsync(await anonymous.GetAsync("/reviews/1"));
    }

    [Fact]
    public async Task DenyPost_PostDeniedEvenForAllowedPrincipal_GetAllowed()
    {
        await _host.ApplyAsync(AllowOnlyProductpage + "\n---\n" + DenyPost);
        using var productpage = _host.Client(_productpage);

        await AssertDeniedAsync(await productpage.PostAsync("/ratings/0", new StringContent("{\"rating\":5}")));
        using var get = await productpage.GetAsync("/ratings/0");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task PolicyAppliedWhileRunning_TakesEffectWithoutRestart()
    {
        using var ratings = _host.Client(_ratings);
        using (var before = await ratings.GetAsync("/reviews/1"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await _host.ApplyAsync(AllowOnlyProductpage);
        await AssertDeniedAsync(await ratings.GetAsync("/reviews/1"));

        await _host.ApplyAsync(AllowOnlyProductpage.Replace("bookinfo-productpage", "bookinfo-ratings", StringComparison.Ordinal));
        using var after = await ratings.GetAsync("/reviews/1");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task PrincipalsStar_CertificateFromAForeignCa_RefusedByTlsNeverAuthorized()
    {
        await _host.ApplyAsync(AllowOnlyProductpage.Replace("cluster.local/ns/default/sa/bookinfo-productpage", "\"*\"", StringComparison.Ordinal));
        using var foreignCa = new TestCertificateAuthority("foreign CA");
        using var forged = foreignCa.IssueWorkload(ProductpageId);
        using var client = _host.Client(forged);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/reviews/1"));
    }

    private static async Task AssertDeniedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("RBAC: access denied", await response.Content.ReadAsStringAsync());
        }
    }
}
