using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>productpage gives reviews 3 s per attempt and one retry; nothing more (the mesh adds its own).</summary>
public sealed class ReviewsRetryTests
{
    private const string ReviewsTarget = "http://reviews:9080/reviews/0";

    [Fact]
    public async Task ProductPage_ReviewsFailsOnce_RetriesAndShowsReviews()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2", viaProxy: true, configureProxy: p => p.Fail("reviews", 1));

        var html = await mesh.GetPageAsync();

        Assert.Contains("Reviews served by: reviews-v2-test1", html);
        Assert.Equal(2, mesh.Proxy!.Requests.Count(r => r.Target == ReviewsTarget));
    }

    [Fact]
    public async Task ProductPage_ReviewsFailsTwice_GivesUpAfterOneRetry()
    {
        await using var mesh = await BookinfoMesh.StartAsync("v2", viaProxy: true, configureProxy: p => p.Fail("reviews", 5));

        var html = await mesh.GetPageAsync();

        Assert.Contains("Sorry, product reviews are currently unavailable for this book.", html);
        Assert.Equal(2, mesh.Proxy!.Requests.Count(r => r.Target == ReviewsTarget));
    }

    [Fact]
    public async Task ProductPage_ReviewsHangs_TimesOutEachAttemptAfterThreeSeconds()
    {
        var time = new FakeTimeProvider();
        await using var mesh = await BookinfoMesh.StartAsync(
            "v2", viaProxy: true, configureProxy: p => p.Hang("reviews"), productPageTime: time);

        var page = mesh.GetPageAsync();
        await mesh.Proxy!.WaitForAsync(ReviewsTarget, 1);
        time.Advance(TimeSpan.FromSeconds(3));
        await mesh.Proxy.WaitForAsync(ReviewsTarget, 2);
        Assert.False(page.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var html = await page.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("Sorry, product reviews are currently unavailable for this book.", html);
        Assert.Equal(2, mesh.Proxy.Requests.Count(r => r.Target == ReviewsTarget));
    }
}
