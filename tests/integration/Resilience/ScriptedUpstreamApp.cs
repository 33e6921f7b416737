using Microsoft.AspNetCore.Http;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream on 127.0.0.1:0 whose every answer comes from a test-supplied handler, given the 1-based request number.</summary>
internal sealed class ScriptedUpstreamApp : IAsyncDisposable
{
    private LoopbackApp _app = null!;
    private int _requests;

    public int Port => _app.Port;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<ScriptedUpstreamApp> StartAsync(Func<int, HttpContext, Task> handler)
    {
        var upstream = new ScriptedUpstreamApp();
        upstream._app = await LoopbackApp.StartAsync(context => handler(Interlocked.Increment(ref upstream._requests), context));
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
