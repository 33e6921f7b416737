using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// An upstream on 127.0.0.1:0 that counts, by Kestrel's own connection ids, the connections it accepted and the requests
/// each carried, and whether a request asked for its connection to be closed. It answers with the request body it got;
/// one started with <c>hold: true</c> holds every request until <see cref="Release"/>.
/// </summary>
public sealed class ConnectionCountingUpstream : IHoldingUpstream
{
    private readonly ConcurrentDictionary<string, int> _requestsPerConnection = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackApp _app = null!;
    private int _closeRequests;

    private ConnectionCountingUpstream(SemaphoreSlim arrivals) => Arrivals = arrivals;

    /// <summary>Released once per request that arrives (before it is held); upstreams may share one.</summary>
    public SemaphoreSlim Arrivals { get; }

    public int Port => _app.Port;

    /// <summary>Requests per connection id, in no particular order.</summary>
    public IReadOnlyList<int> RequestsPerConnection => [.. _requestsPerConnection.Values];

    /// <summary>Requests that arrived with <c>Connection: close</c>.</summary>
    public int CloseRequests => Volatile.Read(ref _closeRequests);

    public static async Task<ConnectionCountingUpstream> StartAsync(bool hold = false, SemaphoreSlim? arrivals = null)
    {
        var upstream = new ConnectionCountingUpstream(arrivals ?? new SemaphoreSlim(0));
        upstream._app = await LoopbackApp.StartAsync(async context =>
        {
            upstream._requestsPerConnection.AddOrUpdate(context.Connection.Id, 1, (_, count) => count + 1);
            if (context.Request.Headers.Connection.ToString().Contains("close", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref upstream._closeRequests);
            }

            upstream.Arrivals.Release();
            if (hold)
            {
                await upstream._gate.Task.WaitAsync(context.RequestAborted);
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await context.Response.WriteAsync(body, context.RequestAborted);
        });
        return upstream;
    }

    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
