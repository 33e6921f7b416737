using System.Text.Json;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;
using Xunit;

namespace GatewayMesh.IntegrationTests.ProxyConfig;

/// <summary>
/// <c>status</c> and <c>proxy-config</c> by name against real sidecars recorded in a state.json: one following the
/// registry's store (SYNCED) and one reading another, older store (STALE).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ProxyConfigSidecarTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StatusAndProxyConfig_RecordedSidecars_ShowRevisionsSyncAndClusters()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        await using var reviewsApp = await UpstreamApp.StartAsync("reviews-app");
        await using var reviews = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", reviewsApp.Port, registry);
        await reviews.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var storeRevision = reviews.Registration.CurrentLease!.Revision;
        await reviews.State.WaitForRevisionAsync(storeRevision).WaitAsync(WaitTimeout);
        // A sidecar on another key prefix reads an empty store: its revision stays behind the registry's.
        await using var strayApp = await UpstreamApp.StartAsync("stray-app");
        await using var stray = await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "ratings", strayApp.Port);
        await stray.State.WaitForRevisionAsync(0).WaitAsync(WaitTimeout);
        using var mesh = new RecordedMesh();
        mesh.AddSidecar("reviews-v1", "reviews", "v1", reviews);
        mesh.AddSidecar("ratings-v1", "ratings", "v1", stray);
        mesh.Save(registry);

        var status = await mesh.Cli.RunAsync("status", "-o", "json", "--state-dir", mesh.StateDir);
        var clusters = await mesh.Cli.RunAsync("proxy-config", "clusters", "reviews-v1", "--state-dir", mesh.StateDir);
        var table = await mesh.Cli.RunAsync("status", "--state-dir", mesh.StateDir);

        Assert.True(status.ExitCode == 0, status.Out + status.Error);
        var components = JsonDocument.Parse(status.Out).RootElement.GetProperty("components").EnumerateArray().ToList();
        var synced = components.Single(c => c.GetProperty("name").GetString() == "reviews-v1");
        Assert.Equal("ready", synced.GetProperty("state").GetString());
        Assert.Equal(storeRevision, synced.GetProperty("revision").GetInt64());
        Assert.Equal(storeRevision, synced.GetProperty("storeRevision").GetInt64());
        Assert.Equal("SYNCED", synced.GetProperty("sync").GetString());
        Assert.Equal(reviews.Listeners.AdminUri.Port, synced.GetProperty("ports").GetProperty("admin").GetInt32());
        var stale = components.Single(c => c.GetProperty("name").GetString() == "ratings-v1");
        Assert.Equal("STALE", stale.GetProperty("sync").GetString());
        Assert.Equal(0, stale.GetProperty("revision").GetInt64());

        Assert.True(clusters.ExitCode == 0, clusters.Error);
        Assert.Matches(@"outbound\|\|\|reviews\.default\.svc\.cluster\.local\s+ROUND_ROBIN\s+1\s+1\n", clusters.Out);

        Assert.Matches($@"reviews-v1\s+sidecar\s+reviews\s+v1\s+\d+\s+inbound=\d+ outbound=\d+ admin={reviews.Listeners.AdminUri.Port}\s+ready\s+{storeRevision}/{storeRevision}\s+SYNCED\n", table.Out);
        Assert.Matches($@"ratings-v1\s+sidecar\s+ratings\s+v1\s+.*ready\s+0/{storeRevision}\s+STALE\n", table.Out);
        Assert.Contains("STALE: a proxy serves an older revision than the store", table.Error);
    }
}
