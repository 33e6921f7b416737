using System.Diagnostics;
using GatewayMesh.ChaosTests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R4: one of two instances of a service is killed under load through the ingress. A request already in flight on the
/// killed instance can fail (it was sent; retrying it is not safe), so errors are bounded by the requests in flight
/// then: at most one per load worker. New requests are retried on the other instance and the dead one is ejected
/// (outlier detection, 1 gateway error), so after ejection nothing fails. Restarted on its port, the instance gets
/// traffic again once its ejection time (5 s) is up.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R04InstanceKilledTests(ChaosMesh chaos, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Host = "chaos-echo";
    private const int Workers = 1; // one HTTP/1.1 and one h2c worker
    private EchoInstance _survivor = null!;
    private EchoInstance _victim = null!;

    public async Task InitializeAsync()
    {
        _survivor = await EchoInstance.StartAsync("echo-a");
        _victim = await EchoInstance.StartAsync("echo-b");
        await chaos.Mesh.RegisterAsync(Host, _survivor.Name, _survivor.Port);
        await chaos.Mesh.RegisterAsync(Host, _victim.Name, _victim.Port);
        await chaos.Mesh.ApplyAndSyncAsync($$"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: {{Host}}
            spec:
              hosts: [{{Host}}]
              gateways: [bookinfo-gateway]
              http:
              - route:
                - destination:
                    host: {{Host}}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: {{Host}}
            spec:
              host: {{Host}}
              trafficPolicy:
                loadBalancer: {simple: ROUND_ROBIN}
                outlierDetection: {consecutiveGatewayErrors: 1, consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 5s, maxEjectionPercent: 100}
            """);
    }

    public async Task DisposeAsync()
    {
        await chaos.Mesh.MeshctlAsync("delete", "vs", Host);
        await chaos.Mesh.MeshctlAsync("delete", "dr", Host);
        await chaos.Mesh.DeregisterAsync(Host, _survivor.Name);
        await chaos.Mesh.DeregisterAsync(Host, _victim.Name);
        await _survivor.DisposeAsync();
        await _victim.DisposeAsync();
    }

    [Fact]
    public async Task R4_OneOfTwoInstancesKilled_ErrorsBoundedByRequestsInFlightThenNoneAndItReturnsAfterEjection()
    {
        await using var load = SteadyLoad.Start(chaos.IngressPort, pageWorkers: Workers, grpcAuthority: null, path: "/", pageIsGood: body => body.StartsWith("echo-", StringComparison.Ordinal), host: Host, h2c: false);
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);

        await _victim.KillAsync();
        await load.WaitForProgressAsync(40, ChaosMesh.Deadline); // ejected by now: one gateway error suffices
        var (failedAtKill, lostAtKill) = (load.Failed, load.Lost);
        await load.WaitForProgressAsync(60, ChaosMesh.Deadline);
        var (failedAfterEjection, lostAfterEjection) = (load.Failed - failedAtKill, load.Lost - lostAtKill);

        var back = Stopwatch.StartNew();
        await _victim.StartAsync();
        var returned = await WaitForAnswerFromAsync(_victim.Name, back);
        var (sent, failed, lost) = await load.StopAsync();

        var bound = 2 * Workers;
        ChaosReport.Record(
            new ChaosFigure("R4", load.Description, "1 of 2 instances killed, then restarted", sent, failed, lost, $"back in rotation {returned.TotalSeconds:0.0} s after restart")
            {
                Notes = $"bound: at most {bound} (requests in flight on it); {failedAtKill + lostAtKill} around the kill, {failedAfterEjection + lostAfterEjection} after ejection",
            },
            output);
        Assert.True(failedAtKill + lostAtKill <= bound, load.Describe());
        Assert.True(failedAfterEjection == 0 && lostAfterEjection == 0, load.Describe());
        Assert.True(failed + lost <= bound, load.Describe());
    }

    private async Task<TimeSpan> WaitForAnswerFromAsync(string instance, Stopwatch since)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{chaos.IngressPort}/"));
            request.Headers.Host = Host;
            using var response = await client.SendAsync(request);
            if (await response.Content.ReadAsStringAsync() == instance)
            {
                return since.Elapsed;
            }

            Assert.True(since.Elapsed < ChaosMesh.Deadline, $"{instance} never got traffic again");
            await Task.Delay(100);
        }
    }
}
