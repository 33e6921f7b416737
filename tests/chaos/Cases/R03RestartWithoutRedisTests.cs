using System.Diagnostics;
using GatewayMesh.ChaosTests.Harness;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.IntegrationTests.DataPlane;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R3: with Redis unreachable (SIGSTOP: it accepts connections and never answers, the worst kind of down, and the
/// supervisor sees it alive and leaves it), the ingress is SIGKILLed. The supervisor restarts it; it cannot reach Redis,
/// starts from the snapshot in its state directory (<c>.meshctl/proxies/ingress/</c>, which every proxy keeps by default)
/// and answers exactly as before: same revision, same pages.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R03RestartWithoutRedisTests(ChaosMesh chaos, ITestOutputHelper output)
{
    private const int Pages = 20;

    [Fact]
    public async Task R3_IngressRestartedWhileRedisIsDown_ServesFromItsSnapshotWithTheSameAnswers()
    {
        await chaos.Mesh.ApplyAndSyncAsync(MeshConfigs.ReviewsTo("v1"));
        var before = await AskAsync();
        var revisionBefore = await AdminProbe.RevisionAsync(chaos.Process("ingress").Ports["admin"], CancellationToken.None);
        var redis = chaos.Process("redis");
        PosixSignals.Send(redis.Pid, 19); // SIGSTOP
        try
        {
            var restart = Stopwatch.StartNew();
            var dead = chaos.Kill("ingress");
            var (restarted, after) = await chaos.WaitForRestartAsync("ingress", dead.Pid, restart);
            await WaitReadyAsync(restarted.Ports["admin"], restart);
            var serving = restart.Elapsed;
            var revisionAfter = await AdminProbe.RevisionAsync(restarted.Ports["admin"], CancellationToken.None);
            await using var load = SteadyLoad.Start(chaos.IngressPort, grpcAuthority: "greeter");
            var answers = await AskAsync();
            await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
            var (sent, failed, lost) = await load.StopAsync();

            ChaosReport.Record(
                new ChaosFigure("R3", load.Description + $" + {Pages} pages compared", "Redis SIGSTOP, ingress SIGKILL + supervisor restart", sent + Pages, failed + answers.Count(a => a != "v1"), lost,
                    $"serving {serving.TotalSeconds:0.0} s after the kill")
                {
                    Notes = $"restarted after {after.TotalSeconds:0.0} s at revision {revisionAfter} from its snapshot file (before: {revisionBefore}); reviews {string.Join(",", answers.Distinct())} as before ({string.Join(",", before.Distinct())})",
                },
                output);
            Assert.Equal(revisionBefore, revisionAfter);
            Assert.Equal(before.Distinct(), answers.Distinct());
            Assert.True(failed == 0 && lost == 0, load.Describe());
        }
        finally
        {
            PosixSignals.Send(redis.Pid, 18); // SIGCONT
        }
    }

    /// <summary>The reviews version of <see cref="Pages"/> pages through the ingress ("none" for a page without reviews).</summary>
    private async Task<List<string>> AskAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };
        var versions = new List<string>();
        for (var i = 0; i < Pages; i++)
        {
            var page = await client.GetStringAsync(new Uri($"http://127.0.0.1:{chaos.IngressPort}/productpage"));
            versions.Add(ProductPages.ReviewsVersion(page) ?? "none");
        }

        return versions;
    }

    private static async Task WaitReadyAsync(int admin, Stopwatch since)
    {
        while (!(await AdminProbe.ReadinessAsync(admin, CancellationToken.None)).IsReady)
        {
            Assert.True(since.Elapsed < ChaosMesh.Deadline, "the restarted ingress never became ready without Redis");
            await Task.Delay(100);
        }
    }
}
