using System.Diagnostics;
using GatewayMesh.ChaosTests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R2: during 100 config writes the proxies' subscription connections are killed again and again
/// (<c>CLIENT KILL TYPE pubsub</c>), so notices are lost. Every proxy still converges to the final revision: a gap,
/// a resubscription or the periodic revision check makes it reload; none stays stale.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R02PubSubLostTests(ChaosMesh chaos, ITestOutputHelper output)
{
    private const int Writes = 100;
    private const int KillEvery = 10;

    [Fact]
    public async Task R2_SubscriptionsKilledDuring100Writes_EveryProxyConvergesToTheFinalRevision()
    {
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        await using var admin = await chaos.RedisAdminAsync();
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var killed = 0L;
        long revision = 0;
        for (var i = 1; i <= Writes; i++)
        {
            if (i % KillEvery == 1)
            {
                killed += (long)await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            }

            revision = await chaos.Mesh.ApplyAsync(Vs(i));
        }

        var converge = Stopwatch.StartNew();
        var converged = await chaos.WaitForSyncAsync(revision, converge);
        var (store, sync) = await chaos.StatusAsync();
        await chaos.Mesh.MeshctlAsync("delete", "vs", "chaos-r2");
        var (sent, failed, lost) = await load.StopAsync();

        ChaosReport.Record(
            new ChaosFigure("R2", load.Description, $"{Writes} config writes, CLIENT KILL TYPE pubsub every {KillEvery} ({killed} subscriptions killed)", sent, failed, lost,
                $"{converged.TotalSeconds:0.0} s after the last write")
            {
                Notes = $"final revision {revision}; status: every proxy SYNCED at {store}",
            },
            output);
        Assert.True(killed > 0, "no subscription was killed");
        Assert.True(failed == 0 && lost == 0, load.Describe());
        Assert.All(sync, pair => Assert.True(pair.Value == "SYNCED", $"{pair.Key}: {pair.Value}"));
    }

    private static string Vs(int i) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: chaos-r2
        spec:
          hosts: [chaos-r2]
          http:
          - match:
            - headers:
                x-write:
                  exact: "{{i}}"
            route:
            - destination:
                host: chaos-r2
        """;
}
