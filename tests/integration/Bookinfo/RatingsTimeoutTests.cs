using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>reviews waits 10 s for ratings in v2 and 2.5 s in v3, then shows the rating error.</summary>
public sealed class RatingsTimeoutTests
{
    private const string RatingsTarget = "http://ratings:9080/ratings/0";

    [Theory]
    [InlineData("v2", 10_000)]
    [InlineData("v3", 2_500)]
    public async Task Reviews_RatingsHangs_GivesUpAtVersionTimeout(string version, int timeoutMs)
    {
        var time = new FakeTimeProvider();
        await using var proxy = await RecordingProxy.StartAsync();
        proxy.Route("ratings", new Uri("http://127.0.0.1:1/"));
        proxy.Hang("ratings");
        await using var reviews = await BookinfoService.StartAsync(time, "reviews", "--version", version, "--proxy", proxy.Url.ToString());
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = reviews.Url };

        var answer = client.GetStringAsync("/reviews/0");
        await proxy.WaitForAsync(RatingsTarget, 1);
        time.Advance(TimeSpan.FromMilliseconds(timeoutMs - 1));
        Assert.False(answer.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var json = JsonNode.Parse(await answer.WaitAsync(TimeSpan.FromSeconds(30)))!;

        Assert.All(json["reviews"]!.AsArray(), r => Assert.Equal(
            "Ratings service is currently unavailable", (string)r!["rating"]!["error"]!));
    }
}
