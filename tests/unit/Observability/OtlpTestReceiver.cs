using System.Collections.Concurrent;
using System.Net;
using GatewayMesh.Dashboard.Traces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.UnitTests.Observability;

/// <summary>
/// A real OTLP/HTTP receiver for the tracing tests: Kestrel on a free loopback port, <c>POST /v1/traces</c> bodies
/// decoded field by field (the dashboard's decoder) into the spans it keeps. What the proxies' exporter sends, as sent.
/// </summary>
internal sealed class OtlpTestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<SpanRecord> _spans = new();
    private TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpTestReceiver(WebApplication app) => _app = app;

    public Uri TracesEndpoint { get; private set; } = null!;

    public int Posts { get; private set; }

    public IReadOnlyList<SpanRecord> Spans => [.. _spans];

    public static async Task<OtlpTestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpTestReceiver(app);
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceDecoder.Decode(body.GetBuffer().AsSpan(0, (int)body.Length)))
            {
                receiver._spans.Enqueue(span);
            }

            receiver.Posts++;
            Interlocked.Exchange(ref receiver._received, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength = 0;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.TracesEndpoint = new Uri(address.TrimEnd('/') + "/v1/traces");
        return receiver;
    }

    public IReadOnlyList<SpanRecord> Trace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    /// <summary>
    /// The spans of <paramref name="traceId"/> once at least one has arrived (the exporter sends off the request path,
    /// so a flush may return before its post does); fails after a generous timeout.
    /// </summary>
    public async Task<IReadOnlyList<SpanRecord>> WaitForTraceAsync(string traceId)
    {
        var deadline = Task.Delay(Timeout);
        while (true)
        {
            var received = _received.Task;
            if (Trace(traceId) is { Count: > 0 } spans)
            {
                return spans;
            }

            if (await Task.WhenAny(received, deadline) == deadline)
            {
                throw new TimeoutException($"no span of trace {traceId} within {Timeout}; received {_spans.Count} spans of {string.Join(", ", _spans.Select(s => s.TraceId).Distinct())}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
