using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>
/// A tiny upstream on 127.0.0.1:0: answers every request with JSON naming this instance, the method, path, query,
/// Host and every header it received, and sets <c>x-upstream: NAME</c> on the response.
/// </summary>
public sealed class UpstreamApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UpstreamApp(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    /// <summary>Completes with the first request this upstream answers.</summary>
    public TaskCompletionSource<UpstreamEcho> FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Port => new Uri(_app.Urls.First()).Port;

    public static async Task<UpstreamApp> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new UpstreamApp(name, app);
        app.Run(async context =>
        {
            var request = context.Request;
            var echo = new UpstreamEcho
            {
                Instance = name,
                Method = request.Method,
                Path = request.Path.Value ?? "",
                Query = request.QueryString.Value ?? "",
                Host = request.Host.Value ?? "",
                Headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            };
            upstream.FirstRequest.TrySetResult(echo);
            context.Response.Headers["x-upstream"] = name;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(echo, JsonSerializerOptions.Web));
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

/// <summary>What <see cref="UpstreamApp"/> saw of a request.</summary>
public sealed record UpstreamEcho
{
    public string Instance { get; init; } = "";

    public string Method { get; init; } = "";

    public string Path { get; init; } = "";

    public string Query { get; init; } = "";

    public string Host { get; init; } = "";

    public Dictionary<string, string> Headers { get; init; } = [];

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
