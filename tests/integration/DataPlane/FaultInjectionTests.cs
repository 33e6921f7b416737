using System.Diagnostics;
using System.Net;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.DataPlane;

/// <summary>
/// Istio's Bookinfo fault-injection tasks over the whole mesh. As in the task, jason is routed to reviews v2 (which
/// calls ratings) by <c>virtual-service-reviews-test-v2.yaml</c>, then the ratings VirtualService injects a fault for
/// jason only. What each user sees follows from the apps' own call budgets: productpage gives reviews 3 s and one
/// retry (about 6 s), reviews v2 gives ratings 10 s. Measured page times go to the test output, never into asserts.
/// Each test puts ratings back to plain v1 afterwards, so the other tests of the collection see no fault.
/// </summary>
[Collection(BookinfoMeshCollection.Name)]
public sealed class FaultInjectionTests(BookinfoMeshFixture mesh, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    /// <summary>Far beyond productpage's 6 s budget: the delayed page must complete, however loaded the machine.</summary>
    private static readonly TimeSpan PageDeadline = TimeSpan.FromSeconds(60);

    private static readonly Uri Ratings = new("http://ratings:9080/ratings/0");

    private readonly HttpClient _ingress = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = mesh.Ingress.BaseAddress,
        Timeout = PageDeadline,
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => mesh.ApplyAndSyncAsync(MeshConfigs.RatingsToV1);

    public void Dispose() => _ingress.Dispose();

    [Fact]
    public async Task RatingsDelay7sForJason_JasonsPage_ReviewsUnavailableAfterProductpageBudget_AnonymousUnaffected()
    {
        await ApplyAsync("virtual-service-reviews-test-v2.yaml", "virtual-service-ratings-test-delay.yaml");
        var jason = await SignInAsync("jason");

        var (anonymous, anonymousTime) = await PageAsync(cookie: null);
        Assert.True(ProductPages.ReviewsVersion(anonymous) == "v1", $"anonymous: {ProductPages.Summary(anonymous)}");
        Assert.DoesNotContain(ProductPages.ReviewsUnavailable, anonymous);

        // The page and a direct ratings call for jason (through productpage's sidecar, as an app would) run together.
        var direct = RatingsAsJasonAsync();
        var (page, pageTime) = await PageAsync(jason);
        var (status, fault, ratingsTime) = await direct;

        output.WriteLine($"anonymous page (reviews v1): {anonymousTime.TotalSeconds:0.00} s");
        output.WriteLine($"jason's page (reviews v2, ratings delayed 7 s): {pageTime.TotalSeconds:0.00} s");
        output.WriteLine($"ratings for jason through productpage's sidecar: HTTP {status}, x-gatewaymesh-fault: {fault}, {ratingsTime.TotalSeconds:0.00} s");
        Assert.True(page.Contains(ProductPages.ReviewsUnavailable, StringComparison.Ordinal), $"jason: {ProductPages.Summary(page)}");
        Assert.Null(ProductPages.ReviewsVersion(page));
        Assert.Contains("jason", page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("delay", fault);
    }

    [Fact]
    public async Task RatingsAbort500ForJason_JasonsPage_RatingsUnavailable_AnonymousUnaffected()
    {
        await ApplyAsync("virtual-service-reviews-test-v2.yaml", "virtual-service-ratings-test-abort.yaml");
        var jason = await SignInAsync("jason");

        var (page, pageTime) = await PageAsync(jason);
        var (anonymous, anonymousTime) = await PageAsync(cookie: null);
        var (status, fault, _) = await RatingsAsJasonAsync();
        output.WriteLine($"jason's page (reviews v2, ratings aborted): {pageTime.TotalSeconds:0.00} s; anonymous page: {anonymousTime.TotalSeconds:0.00} s");

        Assert.True(ProductPages.ReviewsVersion(page) == "v2", $"jason: {ProductPages.Summary(page)}");
        Assert.Contains(ProductPages.RatingsUnavailable, page);
        Assert.DoesNotContain("class=\"star-", page);
        Assert.True(ProductPages.ReviewsVersion(anonymous) == "v1", $"anonymous: {ProductPages.Summary(anonymous)}");
        Assert.DoesNotContain(ProductPages.RatingsUnavailable, anonymous);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("abort", fault);

        using var others = await mesh.ThroughSidecar("productpage-v1").GetAsync(Ratings);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        Assert.False(others.Headers.Contains("x-gatewaymesh-fault"));
    }

    private async Task ApplyAsync(params string[] bookinfoFiles)
    {
        var revision = 0L;
        foreach (var file in bookinfoFiles)
        {
            revision = await mesh.ApplyBookinfoAsync(file);
        }

        await mesh.WaitForProxiesAsync(revision);
    }

    /// <summary>Signs in through the ingress as productpage's form does; returns the <c>end-user</c> cookie it set.</summary>
    private async Task<string> SignInAsync(string user)
    {
        using var response = await _ingress.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent([new("username", user)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("end-user=", StringComparison.Ordinal));
        return setCookie.Split(';', 2)[0];
    }

    private async Task<(string Page, TimeSpan Time)> PageAsync(string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/productpage", UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var watch = Stopwatch.StartNew();
        using var response = await _ingress.SendAsync(request);
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {ProductPages.Summary(page)}");
        return (page, watch.Elapsed);
    }

    /// <summary>GET ratings with <c>end-user: jason</c> (the header the Bookinfo apps propagate) through productpage's sidecar.</summary>
    private async Task<(HttpStatusCode Status, string? Fault, TimeSpan Time)> RatingsAsJasonAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Ratings);
        request.Headers.Add("end-user", "jason");
        var watch = Stopwatch.StartNew();
        using var response = await mesh.ThroughSidecar("productpage-v1").SendAsync(request);
        await response.Content.ReadAsStringAsync();
        var fault = response.Headers.TryGetValues("x-gatewaymesh-fault", out var values) ? string.Join(",", values) : null;
        return (response.StatusCode, fault, watch.Elapsed);
    }
}
