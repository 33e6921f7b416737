using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

[Collection(RedisCollection.Name)]
public sealed class SidecarAppCommandTests(RedisServerFixture redis)
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AppCommand_Started_AppServesInboundWithItsPortAndIsStoppedOnShutdown()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        var bookinfo = Path.Combine(AppContext.BaseDirectory, "bookinfo.dll");
        var appPort = GatewayMesh.Core.Hosting.HandOffPort.Pick();
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, prefix, "details", appPort, registry, null,
            "--app-command", $"exec dotnet '{bookinfo}' details --urls http://127.0.0.1:$PORT");

        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        using var ready = await sidecar.Admin.GetAsync("/healthz/ready");
        using var details = await sidecar.Inbound.GetAsync("/details/0");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);

        await sidecar.StopAsync();

        var probe = new GatewayMesh.Sidecar.Inbound.AppProbe(new GatewayMesh.Sidecar.Settings.SidecarOptions { AppPort = appPort });
        Assert.False(await probe.AnswersAsync());
    }

    /// <summary>
    /// The flake of CI runs 23-25: an app that could not bind its port (another process took it) exited, while the TCP
    /// probe of the port, answered by that other process, called the sidecar ready. Readiness names the exit instead.
    /// </summary>
    [Fact]
    public async Task AppCommand_AppExitsWhileAnotherProcessHoldsItsPort_NotReadyNamingTheExit()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]);
        using var thief = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        thief.Start();
        var appPort = ((IPEndPoint)thief.LocalEndpoint).Port;
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, prefix, "details", appPort, registry, null, "--app-command", "exit 3");

        using var deadline = new CancellationTokenSource(WaitTimeout);
        string reason;
        while (true)
        {
            using var ready = await sidecar.Admin.GetAsync(new Uri("/healthz/ready", UriKind.Relative), deadline.Token);
            reason = await ready.Content.ReadAsStringAsync(deadline.Token);
            if (reason.Contains("exited", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }

        Assert.Contains("exited with code 3", reason);
    }
}
