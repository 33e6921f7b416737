using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream on 127.0.0.1:0 whose every answer comes from a test-supplied handler, given the 1-based request number.</summary>
internal sealed class ScriptedUpstreamApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ScriptedUpstreamApp(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<ScriptedUpstreamApp> StartAsync(Func<int, HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new ScriptedUpstreamApp(app);
        app.Run(context => handler(Interlocked.Increment(ref upstream._requests), context));
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
