using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

/// <summary>
/// A stand-in for the registry on 127.0.0.1:0: records every request and answers with canned responses keyed by
/// "METHOD /path?query" (or "METHOD /path" for any query), 404 otherwise; a wrong bearer token gets 401.
/// </summary>
internal sealed class FakeRegistry : IAsyncDisposable
{
    public const string Token = "test-token";

    private readonly ConcurrentDictionary<string, (int Status, string Body)> _responses = new();
    private readonly WebApplication _app;

    private FakeRegistry(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url => _app.Urls.First();

    public static async Task<FakeRegistry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var registry = new FakeRegistry(app);
        app.Run(registry.HandleAsync);
        await app.StartAsync();
        return registry;
    }

    public void Respond(string methodAndPath, int status, string body) => _responses[methodAndPath] = (status, body);

    public RecordedRequest Single() => Assert.Single(Requests);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var recorded = new RecordedRequest(
            request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.Authorization.ToString(), request.ContentType, await reader.ReadToEndAsync());
        Requests.Enqueue(recorded);

        var (status, body) = recorded.Authorization != $"Bearer {Token}"
            ? (401, """{"error":"unauthorized"}""")
            : _responses.TryGetValue($"{recorded.Method} {recorded.Path}{recorded.Query}", out var exact) ? exact
            : _responses.TryGetValue($"{recorded.Method} {recorded.Path}", out var anyQuery) ? anyQuery
            : (404, """{"error":"not found"}""");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}

internal sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, string? ContentType, string Body);
