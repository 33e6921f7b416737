using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>One request the proxy saw: the request target as sent (absolute-form for a proxy) and its headers.</summary>
public sealed record ProxiedRequest(string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A tiny forward HTTP proxy standing in for the sidecar: records every request, and forwards
/// <c>http://&lt;service&gt;:9080/...</c> to the local address registered for that service name.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Proxy-Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false });
    private readonly ConcurrentDictionary<string, Uri> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _hanging = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];

    private RecordingProxy(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    public ConcurrentQueue<ProxiedRequest> Requests { get; } = new();

    /// <summary>Sends requests for <paramref name="serviceName"/> to <paramref name="local"/>.</summary>
    public void Route(string serviceName, Uri local) => _routes[serviceName] = local;

    /// <summary>Answers the next <paramref name="times"/> requests for <paramref name="serviceName"/> with 503.</summary>
    public void Fail(string serviceName, int times) => _failuresLeft[serviceName] = times;

    /// <summary>Never answers requests for <paramref name="serviceName"/>; they wait until the caller gives up.</summary>
    public void Hang(string serviceName) => _hanging[serviceName] = true;

    /// <summary>Completes once <paramref name="count"/> requests for <paramref name="target"/> have arrived.</summary>
    public Task WaitForAsync(string target, int count)
    {
        bool Done() => Requests.Count(r => r.Target == target) >= count;
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Done())
            {
                return Task.CompletedTask;
            }

            _waiters.Add((Done, signal));
        }

        return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static async Task<RecordingProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new RecordingProxy(app);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Record(new ProxiedRequest(
            target, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || !_routes.TryGetValue(uri.Host, out var local))
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        if (_hanging.ContainsKey(uri.Host))
        {
            using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, gone.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (_failuresLeft.TryGetValue(uri.Host, out var left) && left > 0)
        {
            _failuresLeft[uri.Host] = left - 1;
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(local, uri.PathAndQuery));
        foreach (var (name, value) in context.Request.Headers)
        {
            if (!NotForwarded.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, value.ToArray());
            }
        }

        using var response = await _client.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private void Record(ProxiedRequest request)
    {
        Requests.Enqueue(request);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Done()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
        _stopping.Dispose();
    }
}
