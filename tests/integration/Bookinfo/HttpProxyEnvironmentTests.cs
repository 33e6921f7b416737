using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>As deployed: no proxy option at all, only the standard <c>HTTP_PROXY</c> variable pointing at the sidecar.</summary>
public sealed class HttpProxyEnvironmentTests
{
    [Fact]
    public async Task ProductPageProcess_HttpProxyVariable_SendsCallsThroughProxy()
    {
        await using var proxy = await RecordingProxy.StartAsync();
        await using var reviews = await BookinfoService.StartAsync("reviews", "--version", "v1", "--instance-id", "p1");
        await using var details = await BookinfoService.StartAsync("details");
        proxy.Route("reviews", reviews.Url);
        proxy.Route("details", details.Url);
        var environment = new Dictionary<string, string?>
        {
            ["HTTP_PROXY"] = proxy.Url.ToString(),
            ["http_proxy"] = null,
            ["NO_PROXY"] = null,
            ["no_proxy"] = null,
            ["BOOKINFO_PROXY"] = null,
            ["REVIEWS_URL"] = null,
            ["DETAILS_URL"] = null,
        };
        await using var productpage = await BookinfoProcess.StartAsync(environment, "productpage");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = productpage.Url };

        // A cold process's first calls can exceed the sample's 3 s call timeout on a loaded machine (the page then says
        // "unavailable"); reload until a complete page arrives, so the assertions below test routing, not start-up speed.
        var html = "";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            html = await client.GetStringAsync("/productpage");
        }
        while (!(html.Contains("<td>William Shakespeare</td>") && html.Contains("Reviews served by:")) && DateTime.UtcNow < deadline);

        Assert.Contains("Reviews served by: reviews-v1-p1", html);
        Assert.Contains("<td>William Shakespeare</td>", html);
        Assert.Contains(proxy.Requests, r => r.Target == "http://reviews:9080/reviews/0");
        Assert.Contains(proxy.Requests, r => r.Target == "http://details:9080/details/0");
    }

    [Fact]
    public async Task BookinfoProcess_EnvironmentNamesService_RunsIt()
    {
        var environment = new Dictionary<string, string?> { ["BOOKINFO_SERVICE"] = "ratings", ["BOOKINFO_VERSION"] = "v1" };
        await using var ratings = await BookinfoProcess.StartAsync(environment);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = ratings.Url };

        var json = await client.GetStringAsync("/ratings/0");

        Assert.Equal("""{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}""", json);
    }
}
