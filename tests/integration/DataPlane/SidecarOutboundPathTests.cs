using System.Net;
using System.Text.Json;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>
/// Route actions on the sidecar outbound path (the ingress path is covered in tests/integration/Ingress): a client
/// uses productpage's sidecar as its HTTP proxy, exactly as the productpage app does, and calls mesh hosts by name.
/// Header edits and mirrors need to see what reached the upstream, so they route to an echo app registered with the
/// registry as a service of its own.
/// </summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class SidecarOutboundPathTests(BookinfoMeshFixture mesh)
{
    private HttpClient Sidecar => mesh.ThroughSidecar("productpage-v1");

    [Fact]
    public async Task Redirect_ThroughSidecar_LocationKeepsHostPortAndQuery()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.VirtualService("reviews", """
            - match: [{uri: {exact: /old-reviews}}]
              redirect: {uri: /reviews/0, redirectCode: 302}
            - route: [{destination: {host: reviews, subset: v1}}]
            """));

        using var response = await Sidecar.GetAsync(new Uri("http://reviews:9080/old-reviews?x=1"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://reviews:9080/reviews/0?x=1", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task RewritePrefix_ThroughSidecar_ReviewsServesTheRewrittenPath()
    {
        await mesh.ApplyAndSyncAsync(MeshConfigs.VirtualService("reviews", """
            - match: [{uri: {prefix: /api/v1/reviews/}}]
              rewrite: {uri: /reviews/}
              route: [{destination: {host: reviews, subset: v1}}]
            - route: [{destination: {host: reviews, subset: v1}}]
            """));

        using var rewritten = await Sidecar.GetAsync(new Uri("http://reviews:9080/api/v1/reviews/0"));
        var body = await rewritten.Content.ReadAsStringAsync();
        using var unrewritten = await Sidecar.GetAsync(new Uri("http://reviews:9080/api/v2/reviews/0"));

        Assert.True(rewritten.StatusCode == HttpStatusCode.OK, $"HTTP {(int)rewritten.StatusCode}: {body}");
        Assert.Equal("v1", ProductPages.PodVersion(body));
        Assert.Equal(HttpStatusCode.NotFound, unrewritten.StatusCode);
    }

    [Fact]
    public async Task HeaderOperations_ThroughSidecar_RequestAndResponseSetAddRemoveApplied()
    {
        await using var echo = await EchoWorkload.StartAsync(mesh, "httpbin");
        await mesh.ApplyAndSyncAsync(MeshConfigs.VirtualService("httpbin", """
            - headers:
                request:
                  set: {x-set: route}
                  add: {x-added: one}
                  remove: [x-secret]
                response:
                  set: {x-served-by: mesh}
                  add: {x-extra: "yes"}
                  remove: [x-upstream]
              route:
              - destination: {host: httpbin}
                headers:
                  request:
                    set: {x-destination: httpbin}
            """));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://httpbin:9080/anything?q=1"));
        request.Headers.Add("x-set", "client");
        request.Headers.Add("x-secret", "hunter2");
        using var response = await Sidecar.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        var seen = JsonSerializer.Deserialize<UpstreamEcho>(text, JsonSerializerOptions.Web)!;
        Assert.Equal("/anything", seen.Path);
        Assert.Equal("?q=1", seen.Query);
        Assert.Equal("route", seen.Header("x-set"));
        Assert.Equal("one", seen.Header("x-added"));
        Assert.Equal("httpbin", seen.Header("x-destination"));
        Assert.Null(seen.Header("x-secret"));
        Assert.Equal("mesh", Assert.Single(response.Headers.GetValues("x-served-by")));
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("x-extra")));
        Assert.False(response.Headers.Contains("x-upstream"));
    }

    [Fact]
    public async Task Mirror_ThroughSidecar_ReviewsAnswersAndCopyReachesMirrorWithShadowHost()
    {
        await using var sink = await EchoWorkload.StartAsync(mesh, "reviews-shadow-sink");
        await mesh.ApplyAndSyncAsync(MeshConfigs.VirtualService("reviews", """
            - route: [{destination: {host: reviews, subset: v1}}]
              mirror: {host: reviews-shadow-sink}
              mirrorPercentage: {value: 100}
            """));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("http://reviews:9080/reviews/0"));
        request.Headers.Add("end-user", "mirror-test");
        using var response = await Sidecar.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var copy = await sink.App.FirstRequest.Task.WaitAsync(BookinfoMeshFixture.SyncDeadline);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        Assert.Equal("v1", ProductPages.PodVersion(body));
        Assert.Equal("/reviews/0", copy.Path);
        Assert.StartsWith("reviews-shadow", copy.Host, StringComparison.Ordinal);
        Assert.Equal("mirror-test", copy.Header("end-user"));
    }
}
