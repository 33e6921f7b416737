using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// An upstream on 127.0.0.1:0 that counts, by Kestrel's own connection ids, the connections it accepted and the requests
/// each carried, and whether a request asked for its connection to be closed. It answers with the request body it got.
/// </summary>
public sealed class ConnectionCountingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requestsPerConnection = new();
    private int _closeRequests;

    private ConnectionCountingUpstream(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    /// <summary>Requests per connection id, in no particular order.</summary>
    public IReadOnlyList<int> RequestsPerConnection => [.. _requestsPerConnection.Values];

    /// <summary>Requests that arrived with <c>Connection: close</c>.</summary>
    public int CloseRequests => Volatile.Read(ref _closeRequests);

    public static async Task<ConnectionCountingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new ConnectionCountingUpstream(app);
        app.Run(async context =>
        {
            upstream._requestsPerConnection.AddOrUpdate(context.Connection.Id, 1, (_, count) => count + 1);
            if (context.Request.Headers.Connection.ToString().Contains("close", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref upstream._closeRequests);
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await context.Response.WriteAsync(body, context.RequestAborted);
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
