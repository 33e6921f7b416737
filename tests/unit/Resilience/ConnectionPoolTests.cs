using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience.Pool;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

public class ConnectionPoolTests
{
    private static TrafficPolicy Pool(int? maxRequests = null, int? maxPending = null, int? maxConnections = null) => new()
    {
        ConnectionPool = new ConnectionPoolSettings
        {
            Http = new HttpSettings { Http2MaxRequests = maxRequests, Http1MaxPendingRequests = maxPending },
            Tcp = new TcpSettings { MaxConnections = maxConnections },
        },
    };

    [Fact]
    public void TryAcquire_BeyondHttp2MaxRequests_OverflowsWithA503Message()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Pool(maxRequests: 2));
        var pool = mesh.Resilience.Pool;

        Assert.True(pool.TryAcquire(out var first, out _));
        Assert.True(pool.TryAcquire(out var second, out _));
        Assert.False(pool.TryAcquire(out _, out var overflow));

        Assert.Equal(503, PoolOverflow.StatusCode);
        Assert.Equal("upstream overflow: outbound|||reviews.default.svc.cluster.local requests limit (2) reached", overflow.Message);
        first.Dispose();
        Assert.True(pool.TryAcquire(out var third, out _));
        second.Dispose();
        third.Dispose();
        Assert.Equal(0, pool.Load.ActiveRequests);
    }

    [Fact]
    public void TryAcquire_ConnectionsBusyAndPendingFull_OverflowsOnPending()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(1), Pool(maxPending: 1, maxConnections: 1)); // Istio's circuit-breaking task
        var pool = mesh.Resilience.Pool;

        Assert.True(pool.TryAcquire(out _, out _)); // on the one connection
        Assert.True(pool.TryAcquire(out _, out _)); // pending
        Assert.False(pool.TryAcquire(out _, out var overflow));

        Assert.Equal(PoolLimitKind.PendingRequests, overflow.Kind);
        Assert.Contains("pending requests limit (1) reached", overflow.Message);
    }

    [Fact]
    public void TryAcquire_PendingLimitWithoutMaxConnections_NeverOverflows()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(1), Pool(maxPending: 1));

        Assert.All(Enumerable.Range(0, 100), i => Assert.True(mesh.Resilience.Pool.TryAcquire(out _, out _)));
    }

    [Fact]
    public void TryAcquire_RequestsFromBeforeAReload_StillCount()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(2), Pool(maxRequests: 1));
        Assert.True(mesh.Resilience.Pool.TryAcquire(out var inFlight, out _));

        mesh.Apply(Endpoints(3), Pool(maxRequests: 1));

        Assert.False(mesh.Resilience.Pool.TryAcquire(out _, out _));
        inFlight.Dispose();
        Assert.True(mesh.Resilience.Pool.TryAcquire(out _, out _));
    }

    [Fact]
    public void UpstreamClientSettings_FromConnectionPool_MapsEveryClientField()
    {
        var options = new MeshForwardingOptions();
        var settings = UpstreamClientSettings.From(
            new ConnectionPoolSettings
            {
                Tcp = new TcpSettings { MaxConnections = 7, ConnectTimeout = MeshDuration.Parse("250ms"), MaxConnectionDuration = MeshDuration.Parse("1m") },
                Http = new HttpSettings { IdleTimeout = MeshDuration.Parse("3s"), MaxRequestsPerConnection = 1 },
            },
            options);

        Assert.Equal(
            new UpstreamClientSettings
            {
                ConnectTimeout = TimeSpan.FromMilliseconds(250),
                IdleTimeout = TimeSpan.FromSeconds(3),
                ConnectionLifetime = TimeSpan.FromMinutes(1),
                MaxConnections = 7,
                MaxRequestsPerConnection = 1,
            },
            settings);
        Assert.Null(UpstreamClientSettings.From(new ConnectionPoolSettings { Http = new HttpSettings { Http2MaxRequests = 5 } }, options));
    }

    [Fact]
    public void UpstreamClients_SettingsUnchangedOnReload_KeepTheClient()
    {
        using var mesh = new ResilienceFixture();
        using var clients = new UpstreamClientCache(new MeshForwardingOptions(), mesh.Time);
        var policy = Pool(maxConnections: 4);

        var first = clients.Sync(Table(Endpoints(2), policy))[Key];
        var second = clients.Sync(Table(Endpoints(3), policy))[Key];

        Assert.Same(first, second);
        Assert.Empty(clients.Sync(Table(Endpoints(3), null)));
    }

    [Fact]
    public async Task UpstreamClients_SettingsChanged_OldClientDisposedAfterTheGracePeriod()
    {
        using var mesh = new ResilienceFixture();
        using var clients = new UpstreamClientCache(new MeshForwardingOptions(), mesh.Time);
        var old = clients.Sync(Table(Endpoints(2), Pool(maxConnections: 4)))[Key];

        var replacement = clients.Sync(Table(Endpoints(2), Pool(maxConnections: 8)))[Key];
        Assert.NotSame(old, replacement);
        Assert.Equal(1, clients.Count);

        mesh.Time.Advance(clients.RetireGrace - TimeSpan.FromSeconds(1));
        await AssertNotDisposedAsync(old);
        mesh.Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => SendAsync(old));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpMessageInvoker client) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/"), new CancellationToken(canceled: true));

    private static async Task AssertNotDisposedAsync(HttpMessageInvoker client)
    {
        // A cancelled token makes the send stop before any I/O; a disposed client throws ObjectDisposedException first.
        var error = await Record.ExceptionAsync(() => SendAsync(client));
        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }
}
