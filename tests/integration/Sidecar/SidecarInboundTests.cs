using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

[Collection(RedisCollection.Name)]
public sealed class SidecarInboundTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Inbound_AppListening_ForwardsWithHostKeptAndRequestIdAdded()
    {
        await using var app = await UpstreamApp.StartAsync("details");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "details", app.Port);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/details/0");
        request.Headers.Host = "details:9080";
        using var response = await sidecar.Inbound.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal("details", lines[0]);
        Assert.Equal("details:9080", lines[1]);
        Assert.Equal("/details/0", lines[2]);
        Assert.True(Guid.TryParse(lines[3], out _), $"x-request-id was '{lines[3]}'");
    }

    [Fact]
    public async Task Inbound_ClientSentRequestId_IdKept()
    {
        await using var app = await UpstreamApp.StartAsync("details");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "details", app.Port);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/x");
        request.Headers.Add("x-request-id", "abc-123");
        using var response = await sidecar.Inbound.SendAsync(request);

        Assert.Equal("abc-123", (await response.Content.ReadAsStringAsync()).Split('\n')[3]);
    }

    [Fact]
    public async Task Inbound_AppDown_Answers503UpstreamConnectError()
    {
        await using var sidecar = await SidecarTestHost.StartAsync(
            redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "details", UpstreamApp.FreePort());

        using var response = await sidecar.Inbound.GetAsync("/details/0");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream connect error\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_Revision_AnswersJsonRevision()
    {
        await using var app = await UpstreamApp.StartAsync("details");
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "details", app.Port);

        var body = await sidecar.Admin.GetStringAsync("/debug/revision");
        var config = await sidecar.Admin.GetStringAsync("/debug/config");

        Assert.Matches("""^\{"revision":\d+,"loaded":(true|false)\}$""", body);
        Assert.Contains("\"Sidecar\"", config, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await sidecar.Admin.GetAsync("/healthz/live")).StatusCode);
    }
}
