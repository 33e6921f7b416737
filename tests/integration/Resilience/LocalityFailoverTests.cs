using System.Net;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// Issue 15, locality failover through the real path: a client sidecar in <c>eu-west/zone-a</c> (<c>--locality</c>)
/// and two <c>reviews</c> instances, one in its zone and one in <c>zone-b</c>, behind a DestinationRule with outlier
/// detection (so locality load balancing is on, as in Istio). Every call goes to the local instance; when it fails,
/// outlier detection ejects it and the calls fail over to zone-b; once its ejection time has passed on the sidecar's
/// <see cref="FakeTimeProvider"/> (no sleeps), the calls return to the local zone. Real Kestrel, real registry, real
/// redis-server.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class LocalityFailoverTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private readonly string _prefix = RedisServerFixture.NewKeyPrefix();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RegistryTestHost _registry = null!;
    private ZoneApp _local = null!;
    private ZoneApp _remote = null!;
    private UpstreamApp _clientApp = null!;
    private SidecarTestHost _client = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", _prefix]);
        _local = await ZoneApp.StartAsync("zone-a");
        _remote = await ZoneApp.StartAsync("zone-b");
        _clientApp = await UpstreamApp.StartAsync("productpage");
        _client = await SidecarTestHost.StartAsync(redis.ConnectionString, _prefix, "productpage", _clientApp.Port, _registry, _time, "--locality", "eu-west/zone-a");
        _http = _client.CreateOutboundClient();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        foreach (var owned in new IAsyncDisposable?[] { _client, _clientApp, _remote, _local })
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }

        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task LocalInstanceEjected_TrafficFailsOverToTheOtherZone_AndReturnsAfterTheEjectionTime()
    {
        await RegisterAsync("reviews-zone-a", _local.Port, "zone-a");
        await RegisterAsync("reviews-zone-b", _remote.Port, "zone-b");
        // No retries: the call that meets the failure answers it, so each step is one request (and no backoff timer runs on the fake clock).
        var revision = await ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              trafficPolicy:
                outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 100}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews}}]
                retries: {attempts: 0}
            """);
        await _client.State.WaitForRevisionAsync(revision).WaitAsync(WaitTimeout);
        var cluster = Assert.Single(_client.State.Clusters.Table.Clusters.Values, c => c.Key.Host.StartsWith("reviews.", StringComparison.Ordinal));
        Assert.Equal(2, cluster.Locality!.Levels);

        // Healthy: every call stays in the proxy's own zone.
        Assert.Equal(Enumerable.Repeat("zone-a", 10), await CallAsync(10));

        // The local instance fails: its one 503 ejects it, and from the next call on zone-b serves.
        _local.Failing = true;
        using (var failed = await _http.GetAsync(new Uri("http://reviews:9080/reviews/0")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat("zone-b", 10), await CallAsync(10));
        Assert.Equal(11, _local.Requests);
        var ejected = Assert.Single(_client.State.Clusters.Resilience.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal("reviews-zone-a", ejected.Endpoint.InstanceId);
        Assert.Equal(ejected.EjectedAt + TimeSpan.FromSeconds(30), ejected.ReturnsAt);

        // Recovered, but still ejected: traffic stays in zone-b until the ejection time has passed.
        _local.Failing = false;
        Assert.Equal(Enumerable.Repeat("zone-b", 5), await CallAsync(5));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(_client.State.Clusters.Resilience.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal(Enumerable.Repeat("zone-a", 10), await CallAsync(10));
    }

    private async Task<long> ApplyAsync(string yaml)
    {
        using var response = await _registry.Client.PostAsync(new Uri("/api/v1/apply", UriKind.Relative), RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (long)System.Text.Json.Nodes.JsonNode.Parse(text)!["revision"]!;
    }

    private async Task<List<string>> CallAsync(int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await _http.GetAsync(new Uri("http://reviews:9080/reviews/0"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"call {i}: HTTP {(int)response.StatusCode} {body}");
            answers.Add(body);
        }

        return answers;
    }

    /// <summary>Registers a reviews instance in <c>eu-west/ZONE</c> (Kubernetes topology labels) straight in the store; waits until the client sidecar has it.</summary>
    private async Task RegisterAsync(string instanceId, int port, string zone)
    {
        await using var writer = RedisMeshStateFactory.Create(redis.ConnectionString, TimeProvider.System, _prefix);
        var lease = await writer.Registry.RegisterAsync(
            new ServiceInstance
            {
                Service = "reviews",
                Namespace = "default",
                InstanceId = instanceId,
                Address = "127.0.0.1",
                Port = port,
                Labels = new Dictionary<string, string>
                {
                    ["app"] = "reviews", ["version"] = "v1", [Locality.RegionLabel] = "eu-west", [Locality.ZoneLabel] = zone,
                }.ToValueMap(),
            },
            TimeSpan.FromHours(1));
        await _client.State.WaitForRevisionAsync(lease.Revision).WaitAsync(WaitTimeout);
    }

    /// <summary>A reviews instance on 127.0.0.1:0 that answers its zone's name, or 503 while <see cref="Failing"/>; counts requests.</summary>
    private sealed class ZoneApp : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private ZoneApp(WebApplication app) => _app = app;

        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public int Port => new Uri(_app.Urls.First()).Port;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<ZoneApp> StartAsync(string zone)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var zoneApp = new ZoneApp(app);
            app.Run(context =>
            {
                Interlocked.Increment(ref zoneApp._requests);
                if (zoneApp.Failing)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                }

                return context.Response.WriteAsync(zoneApp.Failing ? "failing" : zone);
            });
            await app.StartAsync();
            return zoneApp;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
