using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>Calls between services use plain mesh names (<c>http://reviews:9080</c>) and go through the outbound proxy.</summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task ProductPage_ViaProxy_CallsServicesByMeshNameAndForwardsEndUserAndUserCookie()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v3", viaProxy: true);

        var html = await mesh.GetPageAsync("jason");

        Assert.Contains("Reviews served by: reviews-v3-test1", html);
        Assert.Contains("star-red\">★★★★★", html);
        var requests = mesh.Proxy!.Requests.ToList();
        var reviews = Assert.Single(requests, r => r.Target == "http://reviews:9080/reviews/0");
        var details = Assert.Single(requests, r => r.Target == "http://details:9080/details/0");
        var ratings = Assert.Single(requests, r => r.Target == "http://ratings:9080/ratings/0");
        Assert.All([reviews, details, ratings], r => Assert.Equal("jason", r.Header("end-user")));
        Assert.All([reviews, details, ratings], r => Assert.Equal("user=jason", r.Header("cookie"))); // Istio 0.x rules match it
        Assert.All([reviews, details, ratings], r => Assert.Equal("req-42", r.Header("x-request-id")));
        Assert.Equal("reviews:9080", reviews.Header("Host"));
    }

    [Fact]
    public async Task ProductPage_ViaProxy_PropagatesTraceHeaders()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2", viaProxy: true);
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage");
        request.Headers.Add("traceparent", traceparent);
        request.Headers.Add("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7");
        request.Headers.Add("x-not-propagated", "1");
        using var response = await mesh.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var ratings = Assert.Single(mesh.Proxy!.Requests, r => r.Target == "http://ratings:9080/ratings/0");
        Assert.Equal(traceparent, ratings.Header("traceparent"));
        Assert.Equal("80f198ee56343ba864fe8b2a57d3eff7", ratings.Header("x-b3-traceid"));
        Assert.Null(ratings.Header("x-not-propagated"));
        Assert.Null(ratings.Header("end-user"));
    }
}
