using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// A workload app on 127.0.0.1 whose health a test flips: <c>/healthz</c> answers 200 while <see cref="Healthy"/>,
/// else 500; every other path answers its name and counts in <see cref="Served"/>, so a test sees whether traffic
/// still reaches it.
/// </summary>
public sealed class HealthFlipApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _served;
    private int _probes;

    private HealthFlipApp(WebApplication app) => _app = app;

    public int Port { get; private set; }

    private volatile bool _healthy = true;

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public int Served => Volatile.Read(ref _served);

    public int Probes => Volatile.Read(ref _probes);

    public static async Task<HealthFlipApp> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var flip = new HealthFlipApp(app);
        app.Run(async context =>
        {
            if (context.Request.Path == "/healthz")
            {
                Interlocked.Increment(ref flip._probes);
                context.Response.StatusCode = flip.Healthy ? 200 : 500;
                return;
            }

            Interlocked.Increment(ref flip._served);
            await context.Response.WriteAsync($"{name}\n");
        });
        await app.StartAsync();
        flip.Port = new Uri(app.Urls.First()).Port;
        return flip;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
