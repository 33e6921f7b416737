using System.Diagnostics.Metrics;
using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.Proxy.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>
/// A redisquota is one limit for every proxy: two ingress replicas of one mesh (one Redis, one key prefix) share it, in
/// both window modes. With Redis gone, calls are let through (fail open) and each such decision is counted, or refused
/// when the mesh config says so.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisQuotaReplicasTests(RedisServerFixture redis)
{
    [Theory]
    [InlineData("FIXED_WINDOW")]
    [InlineData("ROLLING_WINDOW")]
    public async Task RedisQuota_TwoIngressReplicas_HoldTheLimitBetweenThem(string algorithm)
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        // A loaded machine may take longer than the default 250 ms to answer; that would fail open and let a call through.
        // Here every call must be counted, so the replicas wait as long as the test does (fail-open is tested below).
        // Their clock stands still (one fake clock for both): with a real one, a call slower than the 1 s rolling bucket
        // lets its prefetched token lapse with the bucket (by design: a token is spent only in the bucket that counted it).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        void Patient(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(new PolicyOptions { SharedCounterTimeout = IngressHarness.Timeout });
        }

        await using var first = await IngressHarness.StartAsync(redis.ConnectionString, prefix, Patient);
        await using var second = await IngressHarness.StartAsync(redis.ConnectionString, prefix, Patient);
        await first.AddUpstreamAsync("productpage", "productpage-1");
        var revision = await first.ApplyAsync(PolicyConfigs.ProductpageRoute + "\n---\n" + PolicyConfigs.RedisQuota(algorithm, 5));
        await first.WaitForRevisionAsync(revision);
        await second.WaitForRevisionAsync(revision);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await (i % 2 == 0 ? first : second).Client.GetAsync(new Uri("/productpage", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Contains(HttpStatusCode.OK, statuses.Where((_, i) => i % 2 == 1)); // the second replica got a share, not nothing
    }

    [Fact]
    public async Task RedisQuota_RedisStopped_FailsOpenAndCountsEachDecision()
    {
        await using var own = await RedisServer.StartAsync();
        await using var ingress = await IngressHarness.StartAsync(own.ConnectionString, RedisServerFixture.NewKeyPrefix(), _ => { });
        using var unavailable = new UnavailableCount();
        await ingress.AddUpstreamAsync("productpage", "productpage-1");
        await ingress.WaitForRevisionAsync(await ingress.ApplyAsync(PolicyConfigs.ProductpageRoute + "\n---\n" + PolicyConfigs.RedisQuota("FIXED_WINDOW", 100)));

        await own.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await ingress.Client.GetAsync(new Uri("/productpage", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(unavailable.Allowed >= 1, $"fail-open decisions counted: {unavailable.Allowed}");
        Assert.Equal(0, unavailable.Denied);
    }

    [Fact]
    public async Task RedisQuota_RedisStoppedAndMeshFailsClosed_Refuses503()
    {
        await using var own = await RedisServer.StartAsync();
        await using var ingress = await IngressHarness.StartAsync(own.ConnectionString, RedisServerFixture.NewKeyPrefix(), _ => { });
        using var unavailable = new UnavailableCount();
        await ingress.AddUpstreamAsync("productpage", "productpage-1");
        await ingress.WaitForRevisionAsync(await ingress.ApplyAsync(PolicyConfigs.ProductpageRoute + "\n---\n" + PolicyConfigs.RedisQuota("FIXED_WINDOW", 100) + """

            ---
            apiVersion: mesh.gatewaymesh.io/v1alpha1
            kind: MeshConfig
            metadata: {name: default, namespace: istio-system}
            spec: {policy: {quotaFailOpen: false}}
            """));

        await own.StopAsync();
        using var response = await ingress.Client.GetAsync(new Uri("/productpage", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(unavailable.Denied >= 1);
    }

    /// <summary>Counts <c>gatewaymesh.policy.quota.unavailable</c> by decision, from every proxy in this process.</summary>
    private sealed class UnavailableCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _allowed;
        private long _denied;

        public UnavailableCount()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PolicyMetrics.MeterName && instrument.Name == "gatewaymesh.policy.quota.unavailable")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "decision" && (string?)tag.Value == "allowed")
                    {
                        Interlocked.Add(ref _allowed, value);
                    }
                    else if (tag.Key == "decision")
                    {
                        Interlocked.Add(ref _denied, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Allowed => Interlocked.Read(ref _allowed);

        public long Denied => Interlocked.Read(ref _denied);

        public void Dispose() => _listener.Dispose();
    }
}
