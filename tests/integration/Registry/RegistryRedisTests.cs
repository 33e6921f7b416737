using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>The registry over a real redis-server: writes land in Redis, and readiness follows Redis.</summary>
public sealed class RegistryRedisTests
{
    private static Task<RegistryTestHost> StartOverAsync(RedisServer redis) =>
        RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", $"test-{Guid.NewGuid():N}:"]);

    [Fact]
    public async Task Apply_OverRedis_RoundTripsAndSurvivesRegistryRestart()
    {
        await using var redis = await RedisServer.StartAsync();
        string stateDir;
        string[] args = ["--redis", redis.ConnectionString, "--key-prefix", "roundtrip:"];
        await using (var first = await RegistryTestHost.StartAsync(storeArgs: args))
        {
            stateDir = first.StateDir;
            var applied = await RegistryConfigApiTests.ApplyAsync(first, SampleConfigs.MultiDoc(SampleConfigs.ReviewsRule, SampleConfigs.ReviewsRoute()));
            Assert.Equal(["created", "created"], applied["results"]!.AsArray().Select(r => (string)r!["action"]!));
        }

        await using var second = await RegistryTestHost.StartAsync(storeArgs: args);
        var again = await RegistryConfigApiTests.ApplyAsync(second, SampleConfigs.MultiDoc(SampleConfigs.ReviewsRule, SampleConfigs.ReviewsRoute()));
        using var get = await second.Client.GetAsync("/api/v1/configs/VirtualService/default/reviews");

        Assert.Equal(["unchanged", "unchanged"], again["results"]!.AsArray().Select(r => (string)r!["action"]!));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Ready_RedisStopsAndComesBack_503Then200()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = await StartOverAsync(redis);
        using var anonymous = host.CreateClient(token: null);

        using var up = await anonymous.GetAsync("/healthz/ready");
        await redis.StopAsync();
        using var down = await anonymous.GetAsync("/healthz/ready");
        using var live = await anonymous.GetAsync("/healthz/live");
        await redis.RestartAsync();
        var back = await WaitForReadyAsync(anonymous);

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back);
    }

    /// <summary>Reconnecting takes the client a moment: ask until ready, bounded by a deadline.</summary>
    private static async Task<HttpStatusCode> WaitForReadyAsync(HttpClient client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await client.GetAsync("/healthz/ready", deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK || deadline.IsCancellationRequested)
            {
                return response.StatusCode;
            }
        }
    }
}
