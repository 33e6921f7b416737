using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

[Collection(RedisCollection.Name)]
public sealed class SidecarRegistrationTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Registration_Started_InstanceHasInboundPortAndLabels_GoneAfterShutdown()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await StartRegistryAsync(prefix);
        await using var app = await UpstreamApp.StartAsync("reviews");
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, prefix, "reviews", app.Port, registry, null,
            "--version", "v2", "--instance-id", "reviews-a", "--label", "zone=z1", "--service-account", "bookinfo-reviews");

        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var items = await ListAsync(registry, "reviews");

        var instance = Assert.Single(items)!["instance"]!;
        Assert.Equal("reviews-a", instance["instanceId"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", instance["address"]!.GetValue<string>());
        Assert.Equal(sidecar.Listeners.InboundUri.Port, instance["port"]!.GetValue<int>());
        Assert.Equal("reviews", instance["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("v2", instance["labels"]!["version"]!.GetValue<string>());
        Assert.Equal("z1", instance["labels"]!["zone"]!.GetValue<string>());
        Assert.Equal("bookinfo-reviews", instance["serviceAccount"]!.GetValue<string>());

        await sidecar.StopAsync();

        Assert.Empty(await ListAsync(registry, "reviews"));
    }

    [Fact]
    public async Task Shutdown_RequestInFlight_DeregistersFirstThenCompletesTheRequest()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await StartRegistryAsync(prefix);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await UpstreamApp.StartAsync("reviews", before: async () =>
        {
            arrived.TrySetResult();
            await release.Task;
        });
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "reviews", app.Port, registry);
        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var inFlight = sidecar.Inbound.GetAsync("/reviews/0");
        await arrived.Task.WaitAsync(WaitTimeout);

        var stopping = sidecar.StopAsync();
        await sidecar.Registration.Deregistered.WaitAsync(WaitTimeout);

        Assert.Empty(await ListAsync(registry, "reviews"));
        Assert.False(stopping.IsCompleted);
        release.TrySetResult();
        using var response = await inFlight.WaitAsync(WaitTimeout);
        await stopping.WaitAsync(WaitTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Heartbeat_ClockPassesTheLease_InstanceStaysRegistered()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var registry = await StartRegistryAsync(prefix, time);
        await using var app = await UpstreamApp.StartAsync("ratings");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "ratings", app.Port, registry, time);
        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);

        for (var beat = 2; beat <= 5; beat++) // 4 x 3.5 s = 14 s, past the 10 s lease
        {
            time.Advance(TimeSpan.FromSeconds(3.5));
            await sidecar.Registration.WaitForLeaseCountAsync(beat, CancellationToken.None).WaitAsync(WaitTimeout);
        }

        var lease = Assert.Single(await ListAsync(registry, "ratings"))!;
        Assert.True(DateTimeOffset.Parse(lease["expiresAt"]!.GetValue<string>()) > time.GetUtcNow());
    }

    [Fact]
    public async Task Heartbeat_RegistryForgotInstance_RegistersAgain()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var registry = await StartRegistryAsync(prefix, time);
        await using var app = await UpstreamApp.StartAsync("ratings");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "ratings", app.Port, registry, time);
        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var key = sidecar.Registration.Key;
        using var deleted = await registry.Client.DeleteAsync($"/api/v1/instances/{key.Namespace}/{key.Service}/{key.InstanceId}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await ListAsync(registry, "ratings"));

        time.Advance(TimeSpan.FromSeconds(3.5));
        await sidecar.Registration.WaitForLeaseCountAsync(2, CancellationToken.None).WaitAsync(WaitTimeout);

        Assert.Single(await ListAsync(registry, "ratings"));
    }

    [Fact]
    public async Task Ready_AppNotListening_503ThenAfterAppStarts_200()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await StartRegistryAsync(prefix);
        var appPort = UpstreamApp.FreePort();
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "details", appPort, registry);

        using var before = await sidecar.Admin.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains($"app not answering at 127.0.0.1:{appPort}", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var app = await UpstreamApp.StartAsync("details", appPort);
        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);

        using var after = await sidecar.Admin.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private Task<RegistryTestHost> StartRegistryAsync(string prefix, TimeProvider? time = null) =>
        RegistryTestHost.StartAsync(time, storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);

    private static async Task<JsonArray> ListAsync(RegistryTestHost registry, string service)
    {
        using var response = await registry.Client.GetAsync($"/api/v1/instances?service={service}");
        response.EnsureSuccessStatusCode();
        return (await RegistryTestHost.ReadJsonAsync(response))["items"]!.AsArray();
    }
}
