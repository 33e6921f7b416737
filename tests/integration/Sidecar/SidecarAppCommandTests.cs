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
        var appPort = UpstreamApp.FreePort();
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, prefix, "details", appPort, registry, null,
            "--app-command", $"exec dotnet '{bookinfo}' details --urls http://127.0.0.1:$PORT");

        await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        using var ready = await sidecar.Admin.GetAsync("/healthz/ready");
        using var details = await sidecar.Inbound.GetAsync("/details/0");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);

        await sidecar.StopAsync();

        var probe = new GatewayMesh.Sidecar.Admin.AppProbe(new GatewayMesh.Sidecar.Hosting.SidecarOptions { AppPort = appPort });
        Assert.False(await probe.AnswersAsync());
    }
}
