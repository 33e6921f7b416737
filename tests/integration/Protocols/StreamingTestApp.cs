using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>
/// A workload for long-lived traffic, HTTP/1.1 on 127.0.0.1: <c>/ws</c> echoes WebSocket messages; <c>/stream?count=N&amp;every=MS</c>
/// sends N lines, one every MS milliseconds (the app's own pace: it is the workload, not the test, that waits);
/// <c>/silent</c> sends one line, then nothing until the request is aborted, which <see cref="SilentAborted"/> reports.
/// </summary>
public sealed class StreamingTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StreamingTestApp(WebApplication app)
    {
        _app = app;
    }

    public int Port => new Uri(_app.Urls.First()).Port;

    /// <summary>Completes when a <c>/silent</c> request is aborted (by a proxy's idle timeout).</summary>
    public TaskCompletionSource SilentAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<StreamingTestApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var instance = new StreamingTestApp(app);
        app.UseWebSockets();
        app.Map("/ws", EchoAsync);
        app.Map("/stream", StreamAsync);
        app.Map("/silent", instance.SilentAsync);
        await app.StartAsync();
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
        }
    }

    private static async Task StreamAsync(HttpContext context)
    {
        var count = int.Parse(context.Request.Query["count"].ToString() is { Length: > 0 } c ? c : "3");
        var every = TimeSpan.FromMilliseconds(int.Parse(context.Request.Query["every"].ToString() is { Length: > 0 } e ? e : "0"));
        context.Response.ContentType = "text/plain";
        for (var i = 1; i <= count; i++)
        {
            await context.Response.WriteAsync($"chunk {i}\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (i < count)
            {
                await Task.Delay(every, context.RequestAborted);
            }
        }
    }

    private async Task SilentAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("first\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (context.RequestAborted.Register(() => aborted.TrySetResult()))
        {
            await aborted.Task;
        }

        SilentAborted.TrySetResult();
    }
}
