using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>The inbound listener's last hop: both versions accepted on one port, and <c>--app-protocol</c> choosing the version to the app.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarAppProtocolTests(RedisServerFixture redis)
{
    [Theory]
    [InlineData("1.1", HttpProtocols.Http1, "HTTP/1.1")]
    [InlineData("2.0", HttpProtocols.Http2, "HTTP/2")]
    public async Task Inbound_NoAppProtocol_KeepsTheClientsVersion(string clientVersion, HttpProtocols appSpeaks, string appSees)
    {
        await using var app = await ProtocolEchoApp.StartAsync(appSpeaks);
        await using var sidecar = await StartSidecarAsync(app.Port);

        var (version, body) = await GetAsync(sidecar.Listeners.InboundUri, Version.Parse(clientVersion));

        Assert.Equal(Version.Parse(clientVersion), version);
        Assert.Equal(appSees, body);
    }

    [Fact]
    public async Task Inbound_AppProtocolHttp2_Http11ClientReachesAnHttp2OnlyApp()
    {
        await using var app = await ProtocolEchoApp.StartAsync(HttpProtocols.Http2);
        await using var sidecar = await StartSidecarAsync(app.Port, "--app-protocol", "grpc");

        var (version, body) = await GetAsync(sidecar.Listeners.InboundUri, HttpVersion.Version11);

        Assert.Equal(HttpVersion.Version11, version);
        Assert.Equal("HTTP/2", body);
    }

    [Fact]
    public async Task Inbound_AppProtocolHttp_H2cClientReachesAnHttp11OnlyApp()
    {
        await using var app = await ProtocolEchoApp.StartAsync(HttpProtocols.Http1);
        await using var sidecar = await StartSidecarAsync(app.Port, "--app-protocol", "http");

        var (version, body) = await GetAsync(sidecar.Listeners.InboundUri, HttpVersion.Version20);

        Assert.Equal(HttpVersion.Version20, version);
        Assert.Equal("HTTP/1.1", body);
    }

    [Fact]
    public void Create_UnknownAppProtocol_FailsNamingTheSwitch()
    {
        var error = Assert.Throws<GatewayMesh.Core.Hosting.InvalidSettingsException>(() => GatewayMesh.Sidecar.Hosting.SidecarApp.Create(
            ["--service", "app", "--app-port", "8080", "--app-protocol", "tcp"]));

        Assert.Contains("--app-protocol: 'tcp'", error.Message, StringComparison.Ordinal);
    }

    private Task<SidecarTestHost> StartSidecarAsync(int appPort, params string[] extraArgs) =>
        SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "app", appPort, null, null, extraArgs);

    private static async Task<(Version Version, string Body)> GetAsync(Uri listener, Version version)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(listener, "/")) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return (response.Version, body);
    }
}
