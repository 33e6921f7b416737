using Microsoft.AspNetCore.Http;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream on 127.0.0.1:0 that answers every request with 503 and counts the requests it got.</summary>
public sealed class FailingUpstream : IAsyncDisposable
{
    private LoopbackApp _app = null!;
    private int _requests;

    private FailingUpstream()
    {
    }

    public int Port => _app.Port;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FailingUpstream> StartAsync()
    {
        var upstream = new FailingUpstream();
        upstream._app = await LoopbackApp.StartAsync(context =>
        {
            Interlocked.Increment(ref upstream._requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("failing on purpose");
        });
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
