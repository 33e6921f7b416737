using System.Net;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;

namespace GatewayMesh.IntegrationTests.MeshSecurity;

/// <summary>
/// AuthorizationPolicy on the mesh <c>meshctl up</c> starts: the callers' identities come from their sidecars'
/// certificates over mTLS (PERMISSIVE mesh, auto-mTLS), and each inbound sidecar enforces the policies that select its
/// workload. Both policies are deleted when the test ends and the proxies synced, so other tests are unaffected.
/// </summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class MeshAuthorizationTests(BookinfoMeshFixture mesh) : IAsyncLifetime
{
    private static readonly Uri Reviews = new("http://reviews:9080/reviews/0");
    private static readonly Uri Ratings = new("http://ratings:9080/ratings/0");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await mesh.MeshctlAsync("delete", "authorizationpolicies", "reviews-viewer", "-n", "default", "--ignore-not-found");
        await mesh.MeshctlAsync("delete", "authorizationpolicies", "ratings-no-post", "-n", "default", "--ignore-not-found");
        await mesh.WaitForProxiesAsync(await mesh.RegistryRevisionAsync());
    }

    [Fact]
    public async Task AllowOnlyProductpageToReviews_PageShowsReviews_OtherSidecarsGet403()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));
        using (var before = await mesh.ThroughSidecar("ratings-v1").GetAsync(Reviews))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // no policy yet: any workload may call reviews
        }

        await mesh.ApplyAndSyncAsync(MeshPolicies.ReviewsOnlyFromProductpage);

        using var page = await mesh.Ingress.GetAsync(new Uri("/productpage", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"HTTP {(int)page.StatusCode}: {ProductPages.Summary(html)}");
        Assert.True(ProductPages.ReviewsVersion(html) == "v1", ProductPages.Summary(html));

        using var fromProductpage = await mesh.ThroughSidecar("productpage-v1").GetAsync(Reviews);
        Assert.Equal(HttpStatusCode.OK, fromProductpage.StatusCode);
        foreach (var other in new[] { "ratings-v1", "details-v1" })
        {
            using var denied = await mesh.ThroughSidecar(other).GetAsync(Reviews);
            var body = await denied.Content.ReadAsStringAsync();
            Assert.True(denied.StatusCode == HttpStatusCode.Forbidden, $"{other} → reviews: HTTP {(int)denied.StatusCode}: {body}");
            Assert.Equal("RBAC: access denied", body);
        }
    }

    [Fact]
    public async Task DenyPostToRatings_PostThroughSidecarGets403_GetServed()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.RatingsToV1);
        await mesh.ApplyAndSyncAsync(MeshPolicies.DenyPostToRatings);

        using var post = await mesh.ThroughSidecar("productpage-v1").PostAsync(Ratings, new StringContent("{\"Reviewer1\":5}"));
        var postBody = await post.Content.ReadAsStringAsync();
        using var get = await mesh.ThroughSidecar("productpage-v1").GetAsync(Ratings);
        var getBody = await get.Content.ReadAsStringAsync();

        Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"POST: HTTP {(int)post.StatusCode}: {postBody}");
        Assert.Equal("RBAC: access denied", postBody);
        Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET: HTTP {(int)get.StatusCode}: {getBody}");
        Assert.Contains("ratings", getBody);
    }
}
