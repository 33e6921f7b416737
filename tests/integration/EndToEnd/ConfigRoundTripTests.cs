using System.Text.Json;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.IntegrationTests.Cli;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.EndToEnd;

/// <summary>
/// The Foundation's "done when": the registry process on a real Redis, meshctl apply / get / delete against it,
/// and a watcher in another process (this one) that sees every change the registry writes.
/// </summary>
public sealed class ConfigRoundTripTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string Bookinfo = Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo");
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private RedisServer _redis = null!;
    private RegistryProcess _registry = null!;
    private RedisMeshConnection _proxyConnection = null!;
    private SnapshotWatcher _watcher = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _registry = await RegistryProcess.StartAsync("--redis", _redis.ConnectionString, "--key-prefix", _prefix);
        _proxyConnection = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = _redis.ConnectionString, KeyPrefix = _prefix });
        _watcher = new SnapshotWatcher(new RedisMeshStateReader(_proxyConnection), new RedisPubSub(_proxyConnection));
        await _watcher.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _watcher.DisposeAsync();
        await _proxyConnection.DisposeAsync();
        await _registry.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ApplyGetDelete_AgainstRegistryOnRedis_RoundTripsAndWatcherSeesEveryChange()
    {
        var apply = await MeshctlAsync("apply", "-f", Path.Combine(Bookinfo, "bookinfo-gateway.yaml"),
            "-f", Path.Combine(Bookinfo, "destination-rule-all.yaml"), "-f", Path.Combine(Bookinfo, "virtual-service-all-v1.yaml"));
        Assert.True(apply.ExitCode == 0, apply.Error);
        Assert.Contains("virtualservice.networking.istio.io/reviews created", apply.Out);
        await AssertWatcherMatchesStoreAsync();
        Assert.Equal(10, _watcher.Current.Configs.Count); // 1 gateway, 4 destination rules, 5 virtual services

        var list = await MeshctlAsync("get", "vs", "-o", "json");
        Assert.Equal(0, list.ExitCode);
        var names = JsonDocument.Parse(list.Out).RootElement.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("metadata").GetProperty("name").GetString()).Order();
        Assert.Equal(["bookinfo", "details", "productpage", "ratings", "reviews"], names);

        var canary = await MeshctlAsync("apply", "-f", Path.Combine(Bookinfo, "virtual-service-reviews-90-10.yaml"));
        Assert.Contains("virtualservice.networking.istio.io/reviews configured", canary.Out);
        await AssertWatcherMatchesStoreAsync();
        var reviews = (VirtualService)_watcher.Current.Configs[new ResourceKey(ResourceKinds.VirtualService, "default", "reviews")];
        Assert.Equal([90, 10], reviews.Spec.Http[0].Route.Select(r => r.Weight ?? 0));

        var again = await MeshctlAsync("apply", "-f", Path.Combine(Bookinfo, "virtual-service-reviews-90-10.yaml"));
        Assert.Contains("virtualservice.networking.istio.io/reviews unchanged", again.Out);

        var yaml = await MeshctlAsync("get", "vs", "reviews", "-o", "yaml");
        Assert.Contains("weight: 90", yaml.Out);
        Assert.Contains($"resourceVersion: \"{reviews.Metadata.ResourceVersion}\"", yaml.Out);

        var delete = await MeshctlAsync("delete", "vs", "reviews");
        Assert.True(delete.ExitCode == 0, delete.Error);
        await AssertWatcherMatchesStoreAsync();
        Assert.DoesNotContain(new ResourceKey(ResourceKinds.VirtualService, "default", "reviews"), _watcher.Current.Configs.Keys);

        var missing = await MeshctlAsync("get", "vs", "reviews");
        Assert.NotEqual(0, missing.ExitCode);
    }

    [Fact]
    public async Task Apply_InvalidConfig_RejectedWithFieldPathsAndNothingWritten()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("gm-bad-").FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 60
                - destination: {host: reviews, subset: v2}
                  weight: 30
                timout: 3s
            """);
        var revisionBefore = _watcher.Current.Revision;

        var result = await MeshctlAsync("apply", "-f", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("spec.http[0].timout", result.Error);
        Assert.Contains("did you mean \"timeout\"", result.Error);
        var status = await MeshctlAsync("get", "vs", "-o", "json");
        Assert.Empty(JsonDocument.Parse(status.Out).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(revisionBefore, _watcher.Current.Revision);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    // A freshly started registry process JIT-compiles the parse and validation paths on its first request; on a
    // machine at load 20-50 that alone once took longer than meshctl's 30 s default, so these tests allow more.
    private Task<CliResult> MeshctlAsync(params string[] args) =>
        new CliHarness().RunAsync([.. args, "--server", _registry.Url, "--token", _registry.Token, "--request-timeout", "3m"]);

    private async Task AssertWatcherMatchesStoreAsync()
    {
        await using var check = new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = _redis.ConnectionString, KeyPrefix = _prefix });
        var store = await new RedisMeshStateReader(check).LoadSnapshotAsync();
        await _watcher.WaitForRevisionAsync(store.Revision).WaitAsync(Timeout);
        Assert.Equal(store, _watcher.Current);
    }
}
