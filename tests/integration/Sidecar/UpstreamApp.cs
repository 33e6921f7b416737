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
    /// <param name="unixSocket">Listen on this unix domain socket path instead of a loopback port (<see cref="Port"/> is then 0).</param>
    public static async Task<UpstreamApp> StartAsync(string name, int port = 0, Func<Task>? before = null, string? unixSocket = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (unixSocket is null)
            {
                k.Listen(IPAddress.Loopback, port);
            }
            else
            {
                k.ListenUnixSocket(unixSocket);
            }
        });
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
        var bound = unixSocket is null ? new Uri(app.Urls.First()).Port : 0;
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
