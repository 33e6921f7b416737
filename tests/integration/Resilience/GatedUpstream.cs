using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream on 127.0.0.1:0 that holds every request until <see cref="Release"/>, then answers 200.</summary>
public sealed class GatedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatedUpstream(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    /// <summary>Completes when the first request has arrived (and is being held).</summary>
    public TaskCompletionSource FirstArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<GatedUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new GatedUpstream(app);
        app.Run(async context =>
        {
            upstream.FirstArrived.TrySetResult();
            await upstream._gate.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("released");
        });
        await app.StartAsync();
        return upstream;
    }

    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
