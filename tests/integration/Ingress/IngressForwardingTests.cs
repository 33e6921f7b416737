using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>What the ingress does to a routed request and its response: redirects, rewrites, header edits, direct responses, proxy headers, mirrors.</summary>
[Collection(RedisCollection.Name)]
public sealed class IngressForwardingTests(RedisServerFixture redis) : IAsyncLifetime
{
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task Redirect_UriAndCode_LocationKeepsSchemeHostPortAndQuery()
    {
        await RouteAsync("""
            - match: [{uri: {exact: /old}}]
              redirect: {uri: /new, redirectCode: 302}
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/old?x=1", host: "shop.local:8000");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://shop.local:8000/new?x=1", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Redirect_AuthorityAndScheme_DefaultPortDropped()
    {
        await RouteAsync("""
            - redirect: {authority: example.org, scheme: https}
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/a/b", host: "shop.local:8000");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("https://example.org/a/b", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task RewritePrefix_MatchedPrefixReplaced_QueryKept()
    {
        await RouteAsync("""
            - match: [{uri: {prefix: /api/}}]
              rewrite: {uri: /v2/}
              route: [{destination: {host: productpage}}]
            """);

        var echo = await _ingress.GetEchoAsync("/api/books/1?full=true");

        Assert.Equal("/v2/books/1", echo.Path);
        Assert.Equal("?full=true", echo.Query);
    }

    [Fact]
    public async Task RewriteAuthority_UpstreamSeesNewHost()
    {
        await RouteAsync("""
            - rewrite: {authority: internal.productpage}
              route: [{destination: {host: productpage}}]
            """);

        var echo = await _ingress.GetEchoAsync("/", host: "shop.local");

        Assert.Equal("internal.productpage", echo.Host);
        Assert.Equal("shop.local", echo.Header("x-forwarded-host"));
    }

    [Fact]
    public async Task HeaderOperations_RequestAndResponseSetAddRemove_Applied()
    {
        await RouteAsync("""
            - headers:
                request:
                  set: {x-set: route}
                  add: {x-added: one}
                  remove: [x-secret]
                response:
                  set: {x-served-by: mesh}
                  add: {x-extra: yes}
                  remove: [x-upstream]
              route:
              - destination: {host: productpage}
                headers:
                  request:
                    set: {x-destination: productpage}
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/", configure: r =>
        {
            r.Headers.Add("x-set", "client");
            r.Headers.Add("x-secret", "hunter2");
        });
        var echo = System.Text.Json.JsonSerializer.Deserialize<UpstreamEcho>(
            await response.Content.ReadAsStringAsync(), System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("route", echo.Header("x-set"));
        Assert.Equal("one", echo.Header("x-added"));
        Assert.Null(echo.Header("x-secret"));
        Assert.Equal("productpage", echo.Header("x-destination"));
        Assert.Equal("mesh", Assert.Single(response.Headers.GetValues("x-served-by")));
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("x-extra")));
        Assert.False(response.Headers.Contains("x-upstream"));
    }

    [Fact]
    public async Task DirectResponse_StatusAndBody_NoForwarding()
    {
        await RouteAsync("""
            - match: [{uri: {exact: /teapot}}]
              directResponse: {status: 418, body: {string: "short and stout"}}
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/teapot");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("short and stout", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("x-upstream"));
    }

    [Fact]
    public async Task RequestId_Absent_GeneratedGuid()
    {
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        var echo = await _ingress.GetEchoAsync("/");

        Assert.True(Guid.TryParse(echo.Header("x-request-id"), out _), echo.Header("x-request-id"));
    }

    [Fact]
    public async Task RequestId_Present_Kept()
    {
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/", configure: r => r.Headers.Add("x-request-id", "req-42"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"x-request-id\":\"req-42\"", body);
    }

    [Fact]
    public async Task ForwardedHeaders_ReachUpstreamOnceEach_ClientAddressAppended()
    {
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/", host: "shop.local", configure: r =>
        {
            r.Headers.Add("x-forwarded-for", "203.0.113.7");
            r.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        });
        var echo = System.Text.Json.JsonSerializer.Deserialize<UpstreamEcho>(
            await response.Content.ReadAsStringAsync(), System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal("203.0.113.7, 127.0.0.1", echo.Header("x-forwarded-for"));
        Assert.Equal("http", echo.Header("x-forwarded-proto"));
        Assert.Equal("shop.local", echo.Header("x-forwarded-host"));
        Assert.Equal("shop.local", echo.Host);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", echo.Header("traceparent"));
    }

    [Fact]
    public async Task Mirror_GetRequest_CopyReachesMirrorWithShadowHost()
    {
        var (reviews, _) = await _ingress.AddUpstreamAsync("reviews", "reviews-mirror");
        await RouteAsync("""
            - route: [{destination: {host: productpage}}]
              mirror: {host: reviews}
              mirrorPercentage: {value: 100}
            """);

        var echo = await _ingress.GetEchoAsync("/mirrored", host: "shop.local");
        var copy = await reviews.FirstRequest.Task.WaitAsync(IngressHarness.Timeout);

        Assert.Equal("productpage-v1", echo.Instance);
        Assert.Equal("/mirrored", copy.Path);
        Assert.Equal("shop.local-shadow", copy.Host);
    }

    private async Task RouteAsync(string httpRules) =>
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", httpRules)));
}
