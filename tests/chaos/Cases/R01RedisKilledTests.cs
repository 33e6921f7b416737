using System.Diagnostics;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R1: Redis is SIGKILLed under steady load through the ingress (HTTP/1.1, h2c, a gRPC stream). Proxies keep serving
/// from memory, so no request fails; the supervisor restarts Redis (append-only file: the store is intact), and a
/// routing change made after it returns reaches every proxy, which <c>meshctl status</c> shows SYNCED.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R01RedisKilledTests(ChaosMesh chaos, ITestOutputHelper output)
{
    [Fact]
    public async Task R1_RedisKilledAndRestartedUnderLoad_NoRequestFailsAndLaterChangesReachEveryProxy()
    {
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);

        var outage = Stopwatch.StartNew();
        var dead = chaos.Kill("redis");
        await load.WaitForProgressAsync(30, ChaosMesh.Deadline); // served while Redis is gone
        var (_, back) = await chaos.WaitForRestartAsync("redis", dead.Pid, outage);

        var change = Stopwatch.StartNew();
        var revision = await chaos.ApplyEventuallyAsync(MeshConfigs.ReviewsTo("v2"));
        var converged = await chaos.WaitForSyncAsync(revision, change);
        var (store, sync) = await chaos.StatusAsync();
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();
        await chaos.Mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));

        ChaosReport.Record(
            new ChaosFigure("R1", load.Description, "Redis SIGKILL, supervisor restart", sent, failed, lost, $"{converged.TotalSeconds:0.0} s (change after Redis returned)")
            {
                Notes = $"Redis back after {back.TotalSeconds:0.0} s; status: every proxy SYNCED at {store}",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
        Assert.True(store >= revision, $"status shows the store at {store}, before {revision}");
        Assert.All(sync, pair => Assert.True(pair.Value == "SYNCED", $"{pair.Key}: {pair.Value}"));
    }
}
