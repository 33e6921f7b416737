using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.MeshSecurity;

/// <summary>
/// A workload app on 127.0.0.1 that answers 200 and records the <c>x-forwarded-client-cert</c> its sidecar handed it:
/// how many requests came without one, and each distinct value (one per client certificate the sidecar saw), which a test can await.
/// </summary>
internal sealed class XfccRecordingApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _withoutXfcc;

    private XfccRecordingApp(WebApplication app)
    {
        _app = app;
        Port = new Uri(app.Urls.First()).Port;
    }

    public int Port { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long WithoutXfcc => Interlocked.Read(ref _withoutXfcc);

    /// <summary>Every distinct XFCC value seen so far.</summary>
    public IReadOnlyList<string> Xfcc => [.. _seen.Where(s => s.Value.Task.IsCompleted).Select(s => s.Key)];

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _seen = new(StringComparer.Ordinal);

    /// <summary>Completes once a request arrived with exactly <paramref name="xfcc"/>.</summary>
    public Task WhenSeen(string xfcc) => _seen.GetOrAdd(xfcc, NewSignal).Task;

    public static async Task<XfccRecordingApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        XfccRecordingApp? recorder = null;
        app.Run(context => recorder!.AnswerAsync(context));
        await app.StartAsync();
        recorder = new XfccRecordingApp(app);
        return recorder;
    }

    private Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var xfcc = context.Request.Headers["x-forwarded-client-cert"].ToString();
        if (xfcc.Length == 0)
        {
            Interlocked.Increment(ref _withoutXfcc);
        }
        else
        {
            _seen.GetOrAdd(xfcc, NewSignal).TrySetResult();
        }

        return context.Response.WriteAsync("ok\n");
    }

    private static TaskCompletionSource NewSignal(string xfcc) => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
