using System.Net;
using System.Net.Sockets;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.Sidecar.Registration;
using GatewayMesh.Sidecar.Settings;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>
/// The checks a WorkloadGroup member's sidecar runs (httpGet, tcpSocket, exec) against real sockets and processes, the
/// timeout on the injected clock, and Kubernetes' success and failure thresholds.
/// </summary>
public sealed class GroupProbeCheckTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HttpGet_200Passes_500Fails_HeadersSent()
    {
        await using var app = await HealthFlipApp.StartAsync("vm");
        using var check = new GroupProbeCheck(new SidecarOptions(), TimeProvider.System);
        var probe = Probe(new ReadinessProbe
        {
            HttpGet = new HttpHealthCheck { Path = "healthz", Port = app.Port, HttpHeaders = new[] { new HttpProbeHeader { Name = "x-probe", Value = "1" } }.ToValueList() },
        });

        var passed = await check.RunAsync(probe, CancellationToken.None);
        app.Healthy = false;
        var failed = await check.RunAsync(probe, CancellationToken.None);

        Assert.True(passed.Passed, passed.Detail);
        Assert.False(failed.Passed);
        Assert.Contains("answered 500", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(2, app.Probes);
    }

    [Fact]
    public async Task TcpSocket_ListeningPortPasses_ClosedPortFails()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var check = new GroupProbeCheck(new SidecarOptions(), TimeProvider.System);

        var passed = await check.RunAsync(Probe(new ReadinessProbe { TcpSocket = new TcpHealthCheck { Port = open } }), CancellationToken.None);
        var failed = await check.RunAsync(Probe(new ReadinessProbe { TcpSocket = new TcpHealthCheck { Port = UpstreamApp.FreePort() } }), CancellationToken.None);

        Assert.True(passed.Passed, passed.Detail);
        Assert.False(failed.Passed);
    }

    [Fact]
    public async Task Exec_ExitZeroPasses_NonZeroOrMissingFails_TimeoutKills()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var check = new GroupProbeCheck(new SidecarOptions(), time);

        Assert.True((await check.RunAsync(Exec("/bin/sh", "-c", "exit 0"), CancellationToken.None)).Passed);
        var nonZero = await check.RunAsync(Exec("/bin/sh", "-c", "echo out; exit 3"), CancellationToken.None);
        Assert.False(nonZero.Passed);
        Assert.Contains("exited 3", nonZero.Detail, StringComparison.Ordinal);
        Assert.False((await check.RunAsync(Exec("/no/such/program"), CancellationToken.None)).Passed);

        var hanging = check.RunAsync(Exec("/bin/sleep", "30"), CancellationToken.None); // timeoutSeconds 1, on the fake clock
        time.Advance(TimeSpan.FromSeconds(1));
        var timedOut = await hanging.WaitAsync(WaitTimeout);
        Assert.False(timedOut.Passed);
        Assert.Contains("timed out", timedOut.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void HealthTracker_StartsUnhealthy_FlipsOnlyAfterThresholdRunsInARow()
    {
        var tracker = new HealthTracker(successThreshold: 2, failureThreshold: 3);
        Assert.False(tracker.Record(true));
        Assert.True(tracker.Record(true));
        Assert.True(tracker.Healthy);
        Assert.False(tracker.Record(false));
        Assert.False(tracker.Record(false));
        Assert.False(tracker.Record(true)); // a pass breaks the run of failures
        Assert.False(tracker.Record(false));
        Assert.False(tracker.Record(false));
        Assert.True(tracker.Record(false));
        Assert.False(tracker.Healthy);
    }

    private static GroupProbe Probe(ReadinessProbe spec) => new(spec with { TimeoutSeconds = 5 });

    private static GroupProbe Exec(params string[] command) =>
        new(new ReadinessProbe { TimeoutSeconds = 1, Exec = new ExecHealthCheck { Command = command.ToValueList() } });
}
