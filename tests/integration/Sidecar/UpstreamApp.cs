using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Sidecar;

/// <summary>
/// A tiny workload app on 127.0.0.1: answers every request with <c>name host path x-request-id</c>, one per line,
/// so tests see what reached it.
/// </summary>
public sealed class UpstreamApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UpstreamApp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <param name="before">Awaited before answering, so a test can hold a request in flight.</param>
    public static async Task<UpstreamApp> StartAsync(string name, int port = 0, Func<Task>? before = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (before is not null)
            {
                await before();
            }

            await context.Response.WriteAsync(
                $"{name}\n{context.Request.Host}\n{context.Request.Path}\n{context.Request.Headers["x-request-id"]}\n");
        });
        await app.StartAsync();
        var bound = new Uri(app.Urls.First()).Port;
        return new UpstreamApp(app, bound);
    }

    /// <summary>A loopback port nobody listens on (yet).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
