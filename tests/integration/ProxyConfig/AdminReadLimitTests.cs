using System.Net;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.IntegrationTests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.ProxyConfig;

/// <summary>meshctl reads a proxy admin answer only up to its limit, and explains answers it cannot use.</summary>
public sealed class AdminReadLimitTests : IAsyncLifetime
{
    private const int Huge = AdminHttp.DefaultMaxBodyBytes + (1024 * 1024);
    private readonly CliHarness _cli = new();
    private WebApplication _app = null!;
    private string _admin = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/debug/routes": // chunked: no Content-Length to refuse up front
                    var chunk = new byte[64 * 1024];
                    Array.Fill(chunk, (byte)' ');
                    for (var sent = 0; sent < Huge && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
                    {
                        await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    }

                    break;
                case "/debug/clusters":
                    context.Response.ContentLength = Huge;
                    await context.Response.Body.FlushAsync();
                    break;
                default:
                    context.Response.StatusCode = 404;
                    await context.Response.WriteAsync("not found\n");
                    break;
            }
        });
        await _app.StartAsync();
        _admin = new Uri(_app.Urls.First()).Authority;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("routes")]
    [InlineData("clusters")]
    public async Task ProxyConfig_AnswerOverLimit_FailsWithoutReadingIt(string kind)
    {
        var result = await _cli.RunAsync("proxy-config", kind, "--admin", _admin);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"larger than {AdminHttp.DefaultMaxBodyBytes / 1024} KiB", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task ProxyConfig_PathNotServed_NamesStatusAndSuggestsRestart()
    {
        var result = await _cli.RunAsync("proxy-config", "endpoints", "--admin", _admin);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("answered /debug/endpoints with HTTP 404: not found", result.Error);
        Assert.Contains("./meshctl up --restart", result.Error);
    }

    [Fact]
    public async Task ProxyConfig_NothingListening_SaysUnreachable()
    {
        var result = await _cli.RunAsync("proxy-config", "routes", "--admin", $"127.0.0.1:{GatewayMesh.IntegrationTests.Sidecar.UpstreamApp.FreePort()}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot reach the proxy admin listener", result.Error);
    }
}
