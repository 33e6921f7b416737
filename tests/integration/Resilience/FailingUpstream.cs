using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream on 127.0.0.1:0 that answers every request with 503 and counts the requests it got.</summary>
public sealed class FailingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FailingUpstream(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FailingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FailingUpstream(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref upstream._requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("failing on purpose");
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
