using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience.Pool;
using Xunit;
using static GatewayMesh.UnitTests.Resilience.ResilienceFixture;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Issue 15: <c>tcp.maxConnections</c> counted per cluster, as Envoy does.</summary>
public class ClusterConnectionGateTests
{
    [Fact]
    public async Task EnterAsync_ClusterAtItsCap_WaitsUntilAnyConnectionOfTheClusterCloses()
    {
        var gate = new ClusterConnectionGate(2);
        using var a1 = await gate.EnterAsync("10.0.0.1:80", CancellationToken.None);
        var b1 = await gate.EnterAsync("10.0.0.2:80", CancellationToken.None);

        var a2 = gate.EnterAsync("10.0.0.1:80", CancellationToken.None).AsTask();
        Assert.False(a2.IsCompleted);
        Assert.Equal(2, gate.Open);

        b1.Dispose();
        using var opened = await a2.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, gate.Open);
    }

    [Fact]
    public async Task EnterAsync_EndpointWithoutAConnection_OpensOnePastTheCap()
    {
        var gate = new ClusterConnectionGate(1);
        using var a1 = await gate.EnterAsync("10.0.0.1:80", CancellationToken.None);

        var b1 = gate.EnterAsync("10.0.0.2:80", CancellationToken.None).AsTask();
        Assert.True(b1.IsCompletedSuccessfully);
        using var b1Slot = await b1;
        Assert.Equal(2, gate.Open);

        var b2 = gate.EnterAsync("10.0.0.2:80", CancellationToken.None).AsTask();
        Assert.False(b2.IsCompleted);
    }

    [Fact]
    public async Task EnterAsync_WaitCancelled_ThrowsAndTakesNoSlot()
    {
        var gate = new ClusterConnectionGate(1);
        using var a1 = await gate.EnterAsync("10.0.0.1:80", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var a2 = gate.EnterAsync("10.0.0.1:80", cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a2);
        Assert.Equal(1, gate.Open);
    }

    [Fact]
    public async Task SlotDisposedTwice_FreesOnePlace()
    {
        var gate = new ClusterConnectionGate(1);
        var a1 = await gate.EnterAsync("10.0.0.1:80", CancellationToken.None);
        using var b1 = await gate.EnterAsync("10.0.0.2:80", CancellationToken.None);

        a1.Dispose();
        a1.Dispose();

        Assert.Equal(1, gate.Open);
    }

    [Fact]
    public void TryAcquire_MaxConnectionsWithPending_CountsTheClusterOnceNotPerEndpoint()
    {
        using var mesh = new ResilienceFixture();
        mesh.Apply(Endpoints(3), new TrafficPolicy
        {
            ConnectionPool = new ConnectionPoolSettings
            {
                Tcp = new TcpSettings { MaxConnections = 1 },
                Http = new HttpSettings { Http1MaxPendingRequests = 1 },
            },
        });
        var pool = mesh.Resilience.Pool;

        Assert.True(pool.TryAcquire(out var busy, out _));
        Assert.True(pool.TryAcquire(out var pending, out _));
        Assert.False(pool.TryAcquire(out _, out var overflow));
        Assert.Equal(PoolLimitKind.PendingRequests, overflow.Kind);
        busy.Dispose();
        pending.Dispose();
    }
}
