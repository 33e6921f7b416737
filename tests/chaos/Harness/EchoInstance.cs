using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// A backend instance for the chaos cases: answers every request with its own name, optionally after a delay; can be
/// stopped (its port then refuses connections, as a killed process's would) and started again on the same port.
/// </summary>
public sealed class EchoInstance : IAsyncDisposable
{
    private WebApplication? _app;

    private EchoInstance(string name, int port, TimeSpan delay)
    {
        Name = name;
        Port = port;
        Delay = delay;
    }

    public string Name { get; }

    public int Port { get; }

    public TimeSpan Delay { get; }

    public static async Task<EchoInstance> StartAsync(string name, TimeSpan delay = default, int port = 0)
    {
        var instance = new EchoInstance(name, port == 0 ? GatewayMesh.IntegrationTests.Infrastructure.RedisServer.FreePort() : port, delay);
        await instance.StartAsync();
        return instance;
    }

    /// <summary>Starts (again) on <see cref="Port"/>.</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            context.Response.Headers["x-instance"] = Name;
            await context.Response.WriteAsync(Name, context.RequestAborted);
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops at once: open connections are cut and the port refuses new ones.</summary>
    public async Task KillAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var now = new CancellationTokenSource(TimeSpan.Zero);
            await app.StopAsync(now.Token);
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}
